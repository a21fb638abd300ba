-- Replaces a whole cart if its stored version is still the expected one (coupons, merge,
-- user link): the client read it one round trip earlier, so a whole-cart edit is two.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2]  expected version
-- ARGV[3]  new expiresAt, epoch ms
-- ARGV[4]  Redis TTL ms
-- ARGV[5]  cart id (the expiry zset member)
-- ARGV[6..n] field, value pairs of the new hash except _v, _created and _inc, which the store keeps
-- KEYS[3], ARGV[n+1]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok","version":V,"createdAt":T,"previousUser":JSON,"incarnation":I}'
--          (previousUser: the user the cart was linked to before, so the caller can move
--          the user link; incarnation: _inc, for the caller's copy),
--          '{"code":"conflict","version":V}' or '{"code":"not_found"}'
--#include replay
--#include call-many
local first = replayed() if first then return first end
local m = redis.call('HMGET', KEYS[1], '_expires', '_v', '_created', '_user', '_inc')
if not m[1] or tonumber(m[1]) <= tonumber(ARGV[1]) then return '{"code":"not_found"}' end
if tonumber(m[2]) ~= tonumber(ARGV[2]) then return '{"code":"conflict","version":' .. m[2] .. '}' end
local version = string.format('%d', tonumber(m[2]) + 1)
redis.call('DEL', KEYS[1])
call_many('HSET', KEYS[1], argv_from(6, #ARGV - 1))
redis.call('HSET', KEYS[1], '_v', version, '_created', m[3], '_inc', m[5])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
return applied('{"code":"ok","version":' .. version .. ',"createdAt":' .. m[3] .. ',"previousUser":' .. m[4] .. ',"incarnation":' .. cjson.encode(m[5]) .. '}')
