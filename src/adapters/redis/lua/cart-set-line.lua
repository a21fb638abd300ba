-- Sets the quantity of an existing line: ONE round trip, no client-side read.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  Redis TTL ms
-- ARGV[4]  cart id (the expiry zset member)
-- ARGV[5]  line field name
-- ARGV[6]  the new quantity
-- ARGV[7]  largest quantity of a line
-- Returns  '{"code":"ok","cart":CART}' (CART: see cart-reply.lib.lua) or '{"code":"not_found"}', '{"code":"line_not_found"}',
--          '{"code":"quantity_limit","quantity":N}' (nothing written then)
--#include cart-reply
local m = redis.call('HMGET', KEYS[1], '_expires', ARGV[5], '_v')
if not m[1] or tonumber(m[1]) <= tonumber(ARGV[1]) then return '{"code":"not_found"}' end
if not m[2] then return '{"code":"line_not_found"}' end
local quantity = tonumber(ARGV[6])
if quantity < 1 or quantity > tonumber(ARGV[7]) then
  return '{"code":"quantity_limit","quantity":' .. string.format('%d', quantity) .. '}'
end
local seq, rest = string.match(m[2], '^(%d+),%d+,(.*)$')
local version = string.format('%d', tonumber(m[3]) + 1)
redis.call('HSET', KEYS[1], ARGV[5], seq .. ',' .. string.format('%d', quantity) .. ',' .. rest, '_updated', ARGV[1], '_expires', ARGV[2], '_v', version)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return '{"code":"ok","cart":' .. cart_json(KEYS[1]) .. '}'
