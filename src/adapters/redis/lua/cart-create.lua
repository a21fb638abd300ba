-- Stores a new cart hash (meta fields + one field per line) and indexes its expiry.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  cart id (the expiry zset member)
-- ARGV[2]  expiresAt, epoch ms (the zset score)
-- ARGV[3]  Redis TTL ms (domain idle time + GC grace; Redis only collects garbage)
-- ARGV[4..n] field, value pairs of the whole hash, built by TypeScript
-- KEYS[3], ARGV[n+1]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}' or '{"code":"exists"}' (writes nothing then)
--#include replay
--#include call-many
local first = replayed() if first then return first end
if redis.call('EXISTS', KEYS[1]) == 1 then return '{"code":"exists"}' end
call_many('HSET', KEYS[1], argv_from(4, #ARGV - 1))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return applied('{"code":"ok"}')
