-- Hands a consumer the entries its group was not yet handed, partition by partition, until
-- `limit` (XREADGROUP '>', never blocking). A partition without the group gets it first.
-- KEYS     per partition two keys: its stream, then the group's settled hash
--          (aggregate -> last settled sequence)
-- ARGV[1]  group, ARGV[2] consumer, ARGV[3] limit
-- Returns  a JSON array of deliveries (lib/event-deliveries.lua)
--#include event-deliveries
local out = {}
local left = tonumber(ARGV[3])
for i = 1, #KEYS, 2 do
  if left <= 0 then break end
  local stream = KEYS[i]
  local read = redis.pcall('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', left, 'STREAMS', stream, '>')
  if type(read) == 'table' and read.err then
    redis.call('XGROUP', 'CREATE', stream, ARGV[1], '0', 'MKSTREAM')
    read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', left, 'STREAMS', stream, '>')
  end
  if type(read) == 'table' and read[1] then
    local before = #out
    deliveries_of(read[1][2], stream, KEYS[i + 1], out)
    left = left - (#out - before)
  end
end
return '[' .. table.concat(out, ',') .. ']'
