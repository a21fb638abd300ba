-- Lists the events still parked for a payment, oldest first.
-- KEYS[1]  the parked events hash
-- KEYS[2]  the parked events order list
-- Returns  '[event JSON, ...]'
local parked = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local event = redis.call('HGET', KEYS[1], id)
  if event then parked[#parked + 1] = event end
end
return '[' .. table.concat(parked, ',') .. ']'
