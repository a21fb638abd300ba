-- Forgets parked events once they are applied.
-- KEYS[1]  the parked events hash
-- KEYS[2]  the parked events order list
-- ARGV     the event ids to drop
-- Returns  'true'
for _, id in ipairs(ARGV) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('LREM', KEYS[2], 0, id)
end
return 'true'
