-- Reads a live checkout.
-- KEYS[1]  the checkout hash
-- ARGV[1]  now, epoch ms
-- Returns  the state JSON, or nil when missing or past its domain expiry
local found = redis.call('HMGET', KEYS[1], 'exp', 'doc')
if found[1] and tonumber(found[1]) > tonumber(ARGV[1]) then return found[2] end
return nil
