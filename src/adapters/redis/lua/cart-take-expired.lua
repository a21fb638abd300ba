-- Removes the given carts of one shard if they are still expired, and their index entries.
-- An entry whose cart is gone (Redis collected it by TTL) is dropped from the index; a cart
-- written since the peek (no longer due) is left alone.
-- KEYS[1]  the shard's expiry zset
-- KEYS[2..n] the cart hashes (all with the shard's tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2..n] the cart ids, in the order of KEYS[2..n]
-- KEYS[n+1], ARGV[n+1]  the operation key and replay window (lib/replay.lua): a take whose
--          answer was lost answers the carts it took, which no longer exist
-- Returns  JSON array of the removed carts (each as in lib/cart-reply.lua; '[]' when none)
--#include cart-reply
--#include replay
local first = replayed() if first then return first end
local now = tonumber(ARGV[1])
local taken = {}
for i = 2, #KEYS - 1 do
  local expires = redis.call('HGET', KEYS[i], '_expires')
  if not expires then
    redis.call('ZREM', KEYS[1], ARGV[i])
  elseif tonumber(expires) <= now then
    taken[#taken + 1] = cart_json(KEYS[i])
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return applied('[' .. table.concat(taken, ',') .. ']')
