-- Moves to a consumer the entries of its group held by any consumer for longer than the
-- idle time (XAUTOCLAIM), until `limit`.
-- KEYS     per partition two keys: its stream, then the group's settled hash
-- ARGV[1]  group, ARGV[2] consumer, ARGV[3] idle ms, ARGV[4] limit
-- Returns  a JSON array of deliveries (lib/event-deliveries.lua)
--#include event-deliveries
local out = {}
local left = tonumber(ARGV[4])
for i = 1, #KEYS, 2 do
  if left <= 0 then break end
  local stream = KEYS[i]
  local claimed = redis.pcall('XAUTOCLAIM', stream, ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', left)
  if type(claimed) == 'table' and not claimed.err then
    local before = #out
    deliveries_of(claimed[2], stream, KEYS[i + 1], out)
    left = left - (#out - before)
  end
end
return '[' .. table.concat(out, ',') .. ']'
