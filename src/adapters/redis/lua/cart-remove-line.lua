-- Removes one line: ONE round trip.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  Redis TTL ms
-- ARGV[4]  cart id (the expiry zset member)
-- ARGV[5]  line field name
-- Returns  '{"code":"ok","cart":CART}' (CART: see cart-reply.lib.lua) or '{"code":"not_found"}', '{"code":"line_not_found"}'
--#include cart-reply
local m = redis.call('HMGET', KEYS[1], '_expires', '_v')
if not m[1] or tonumber(m[1]) <= tonumber(ARGV[1]) then return '{"code":"not_found"}' end
if redis.call('HDEL', KEYS[1], ARGV[5]) == 0 then return '{"code":"line_not_found"}' end
redis.call('HSET', KEYS[1], '_updated', ARGV[1], '_expires', ARGV[2], '_v', string.format('%d', tonumber(m[2]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return '{"code":"ok","cart":' .. cart_json(KEYS[1]) .. '}'
