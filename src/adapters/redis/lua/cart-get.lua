-- Reads a live cart.
-- KEYS[1]  the cart hash
-- ARGV[1]  now, epoch ms (the Clock port's time: a cart with _expires <= now is absent)
-- Returns  the flat HGETALL array as JSON, or nil when missing or expired
local expires = redis.call('HGET', KEYS[1], '_expires')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return nil end
return cjson.encode(redis.call('HGETALL', KEYS[1]))
