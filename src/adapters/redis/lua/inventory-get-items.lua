-- InventoryStore.getItem / getItems: the items as stored, in the order asked.
-- KEYS[1]  items hash
-- ARGV[1..n]  skus
-- Returns  a JSON array with each item's record in brackets (lib/inventory-item.lua), null where unknown
local raws = redis.call('HMGET', KEYS[1], unpack(ARGV))
local parts = {}
for i = 1, #ARGV do parts[i] = raws[i] and ('[' .. raws[i] .. ']') or 'null' end
return '[' .. table.concat(parts, ',') .. ']'
