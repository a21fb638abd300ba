-- Drops a user -> cart link, only if it still points to the given cart (the user may
-- have moved on to another cart meanwhile).
-- KEYS[1]  the user link (tag: the user id)
-- ARGV[1]  cart id
-- KEYS[2], ARGV[2]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when dropped, 'false' otherwise
--#include replay
local first = replayed() if first then return first end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return applied('true')
end
return 'false'
