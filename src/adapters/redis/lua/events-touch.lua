-- Restarts the idle time of entries the consumer still holds (XCLAIM JUSTID to itself);
-- an entry another consumer took over meanwhile is left to it.
-- KEYS[1]  the partition stream
-- ARGV[1]  group, ARGV[2] consumer, ARGV[3..] entry ids
-- Returns  how many were touched
local touched = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    touched = touched + 1
  end
end
return touched
