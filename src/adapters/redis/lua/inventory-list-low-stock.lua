-- InventoryStore.listLowStockItems: the items in the low-stock index (any order).
-- KEYS[1]  items hash
-- KEYS[2]  low-stock set
-- Returns  a JSON array of item JSON
local skus = redis.call('SMEMBERS', KEYS[2])
local parts = {}
-- HMGET in chunks: unpack() of thousands of values would overflow Lua's C stack.
for start = 1, #skus, 1000 do
  local raws = redis.call('HMGET', KEYS[1], unpack(skus, start, math.min(start + 999, #skus)))
  for i = 1, #raws do if raws[i] then parts[#parts + 1] = raws[i] end end
end
return '[' .. table.concat(parts, ',') .. ']'
