-- Stores a new checkout at version 1 unless a live one has the id. A stored checkout whose
-- domain expiry has passed counts as absent and is replaced.
-- KEYS[1]  the checkout hash (fields v = version, exp = expiresAt, doc = the state JSON)
-- ARGV[1]  now, epoch ms (the Clock port's time: expiry is judged by it, not by Redis)
-- ARGV[2]  expiresAt, epoch ms
-- ARGV[3]  the state as JSON, version already 1
-- ARGV[4]  grace ms added to the Redis TTL, which only collects garbage
-- KEYS[2], ARGV[5]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when created, 'false' when a live checkout has the id
--#include replay
local first = replayed() if first then return first end
local exp = redis.call('HGET', KEYS[1], 'exp')
if exp and tonumber(exp) > tonumber(ARGV[1]) then return 'false' end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', '1', 'exp', ARGV[2], 'doc', ARGV[3])
-- The TTL only collects garbage: the domain expiry above decides, so it gets a grace.
local ttl = math.floor(math.max(tonumber(ARGV[2]) - tonumber(ARGV[1]), 0) + tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
return applied('true')
