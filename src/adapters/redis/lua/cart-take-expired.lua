-- Removes the given carts of one shard if they are still expired, and their index entries.
-- An entry whose cart is gone (Redis collected it by TTL) is dropped from the index; a cart
-- written since the peek (no longer due) is left alone.
-- KEYS[1]  the shard's expiry zset
-- KEYS[2..] the cart hashes (all with the shard's tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2..] the cart ids, in the order of KEYS[2..]
-- Returns  JSON array of the removed carts (each as in cart-reply.lib.lua; '[]' when none)
--#include cart-reply
local now = tonumber(ARGV[1])
local taken = {}
for i = 2, #KEYS do
  local expires = redis.call('HGET', KEYS[i], '_expires')
  if not expires then
    redis.call('ZREM', KEYS[1], ARGV[i])
  elseif tonumber(expires) <= now then
    taken[#taken + 1] = cart_json(KEYS[i])
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return '[' .. table.concat(taken, ',') .. ']'
