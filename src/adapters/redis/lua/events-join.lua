-- Creates a consumer group on each partition stream where it is missing, at the oldest
-- retained entry (id 0), making the stream when there is none. Idempotent.
-- KEYS     the partition streams (one slot, or any on a single server)
-- ARGV[1]  the group
-- Returns  how many groups were created
local made = 0
for _, stream in ipairs(KEYS) do
  local ok = redis.pcall('XGROUP', 'CREATE', stream, ARGV[1], '0', 'MKSTREAM')
  if type(ok) ~= 'table' or not ok.err then made = made + 1 end
end
return made
