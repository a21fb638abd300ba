-- InventoryStore.listLowStockItems: the items in the low-stock index (any order).
-- KEYS[1]  items hash
-- KEYS[2]  low-stock set
-- Returns  a JSON array of item records in brackets (lib/inventory-item.lua)
--#include call-many
local raws = call_many('HMGET', KEYS[1], redis.call('SMEMBERS', KEYS[2]))
local parts = {}
for i = 1, #raws do if raws[i] then parts[#parts + 1] = '[' .. raws[i] .. ']' end end
return '[' .. table.concat(parts, ',') .. ']'
