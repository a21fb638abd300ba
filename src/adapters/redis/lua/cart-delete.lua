-- Deletes a cart (expired or not) and its expiry-index entry; the user link lives under
-- the user's tag and is dropped by a second step (cart-user-unlink) after this one.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  cart id (the expiry zset member)
-- ARGV[2]  expected version, or '' for any
-- KEYS[3], ARGV[3]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok","cart":CART}' (the deleted cart; CART: see lib/cart-reply.lua), '{"code":"conflict","version":V}'
--          or '{"code":"not_found"}'
--#include cart-reply
--#include replay
local first = replayed() if first then return first end
local version = redis.call('HGET', KEYS[1], '_v')
if not version then return '{"code":"not_found"}' end
if ARGV[2] ~= '' and tonumber(version) ~= tonumber(ARGV[2]) then
  return '{"code":"conflict","version":' .. version .. '}'
end
local cart = cart_json(KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return applied('{"code":"ok","cart":' .. cart .. '}')
