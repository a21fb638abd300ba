-- Forgets parked events once they are applied (or expired).
-- KEYS[1]  the parked events hash
-- KEYS[2]  the parked events order list
-- ARGV     the event ids to drop
-- Returns  how many of them were still parked
local dropped = 0
for _, id in ipairs(ARGV) do
  dropped = dropped + redis.call('HDEL', KEYS[1], id)
  redis.call('LREM', KEYS[2], 0, id)
end
return tostring(dropped)
