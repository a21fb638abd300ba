-- Reads a live cart, or only confirms that the caller's copy is still current.
-- KEYS[1]  the cart hash
-- ARGV[1]  now, epoch ms (the Clock port's time: a cart with _expires <= now is absent)
-- ARGV[2]  the version the caller holds a copy of ('' for none)
-- ARGV[3]  that copy's _inc (set once per create: tells a re-created cart of the same id apart)
-- Returns  nil when missing or expired, '{"same":true}' when the caller's copy is the stored
--          cart, else the cart as {"m":[field,value,...],"l":[[seq,quantity,{line}],...]} (see lib/cart-reply.lua)
--#include cart-reply
local m = redis.call('HMGET', KEYS[1], '_expires', '_v', '_inc')
if not m[1] or tonumber(m[1]) <= tonumber(ARGV[1]) then return nil end
if ARGV[2] == m[2] and ARGV[3] == m[3] then return '{"same":true}' end
return cart_json(KEYS[1])
