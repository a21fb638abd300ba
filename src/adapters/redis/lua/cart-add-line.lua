-- Adds to one line of a cart, creating it at the end when missing: ONE round trip, no
-- read-then-write from the client, so concurrent adds never lose each other.
-- A line field holds 'seq,quantity,{json}' (seq orders the lines, json is the rest of the line).
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  Redis TTL ms
-- ARGV[4]  cart id (the expiry zset member)
-- ARGV[5]  line field name
-- ARGV[6]  quantity to add
-- ARGV[7]  currency of the line
-- ARGV[8]  the line as JSON without its quantity (latest catalogue data)
-- ARGV[9]  largest quantity of a line
-- ARGV[10] most lines in a cart
-- Returns  '{"code":"ok","cart":CART}' (CART: see cart-reply.lib.lua) or '{"code":"not_found"}', '{"code":"currency_mismatch","currency":C}',
--          '{"code":"quantity_limit","quantity":N}', '{"code":"line_limit"}' (nothing written then)
--#include cart-reply
local META_FIELDS = 10 -- _id _user _session _currency _coupons _v _created _updated _expires _seq
local m = redis.call('HMGET', KEYS[1], '_expires', '_currency', ARGV[5], '_v', '_seq')
if not m[1] or tonumber(m[1]) <= tonumber(ARGV[1]) then return '{"code":"not_found"}' end
if m[2] ~= ARGV[7] then return '{"code":"currency_mismatch","currency":' .. cjson.encode(ARGV[7]) .. '}' end
local add = tonumber(ARGV[6])
local seq, quantity
if m[3] then
  local held
  seq, held = string.match(m[3], '^(%d+),(%d+),')
  quantity = tonumber(held) + add
else
  quantity = add
end
if add < 1 or quantity > tonumber(ARGV[9]) then
  return '{"code":"quantity_limit","quantity":' .. string.format('%d', quantity) .. '}'
end
local version = string.format('%d', tonumber(m[4]) + 1)
local value
if m[3] then
  value = string.format('%d,%d,', seq, quantity) .. ARGV[8]
  redis.call('HSET', KEYS[1], ARGV[5], value, '_updated', ARGV[1], '_expires', ARGV[2], '_v', version)
else
  if redis.call('HLEN', KEYS[1]) - META_FIELDS >= tonumber(ARGV[10]) then return '{"code":"line_limit"}' end
  seq = tonumber(m[5]) + 1
  value = string.format('%d,%d,', seq, quantity) .. ARGV[8]
  redis.call('HSET', KEYS[1], ARGV[5], value, '_updated', ARGV[1], '_expires', ARGV[2], '_v', version, '_seq', string.format('%d', seq))
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return '{"code":"ok","cart":' .. cart_json(KEYS[1]) .. '}'
