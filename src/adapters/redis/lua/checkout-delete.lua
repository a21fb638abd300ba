-- Removes a checkout, live or lapsed.
-- KEYS[1]  the checkout hash
-- ARGV[1]  now, epoch ms
-- KEYS[2], ARGV[2]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when a live checkout was there, else 'false'
--#include replay
local first = replayed() if first then return first end
local exp = redis.call('HGET', KEYS[1], 'exp')
if not exp then return 'false' end
redis.call('DEL', KEYS[1])
return applied(tonumber(exp) > tonumber(ARGV[1]) and 'true' or 'false')
