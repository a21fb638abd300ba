-- Looks SKUs up in the catalogue's SKU index.
-- KEYS[1]  the SKU index hash (sku -> product id)
-- ARGV     the SKUs
-- Returns  a JSON array of the product ids, in ARGV order, false (JSON) where none
local holders = redis.call('HMGET', KEYS[1], unpack(ARGV))
local out = {}
for i = 1, #ARGV do out[i] = holders[i] and cjson.encode(holders[i]) or 'false' end
return '[' .. table.concat(out, ',') .. ']'
