-- Reads a live cart.
-- KEYS[1]  the cart hash
-- ARGV[1]  now, epoch ms (the Clock port's time: a cart with _expires <= now is absent)
-- Returns  the cart as {"m":{meta},"l":[[seq,quantity,{line}],...]} (see cart-reply.lib.lua),
--          or nil when missing or expired
--#include cart-reply
local expires = redis.call('HGET', KEYS[1], '_expires')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return nil end
return cart_json(KEYS[1])
