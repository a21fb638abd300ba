-- Drops an in-progress claim held by the given owner, so the operation may run again.
-- KEYS[1]  the record key
-- ARGV[1]  owner token
-- KEYS[2], ARGV[2]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when dropped, 'false' otherwise (nothing written)
--#include replay
local first = replayed() if first then return first end
local raw = redis.call('GET', KEYS[1])
if not raw then return 'false' end
local record = cjson.decode(raw)
if record.state == 'in_progress' and record.owner == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return applied('true')
end
return 'false'
