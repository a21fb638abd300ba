-- Removes a checkout, live or lapsed.
-- KEYS[1]  the checkout hash
-- ARGV[1]  now, epoch ms
-- Returns  'true' when a live checkout was there, else 'false'
local exp = redis.call('HGET', KEYS[1], 'exp')
redis.call('DEL', KEYS[1])
if exp and tonumber(exp) > tonumber(ARGV[1]) then return 'true' end
return 'false'
