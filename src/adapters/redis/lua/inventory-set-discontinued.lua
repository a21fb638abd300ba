-- InventoryStore.setDiscontinued: sets or clears the discontinued flag.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  sku
-- ARGV[2]  '1' to discontinue, '0' to sell again
-- ARGV[3]  now, epoch ms
-- Returns  {"ok":true,"change":{...}} or {"ok":false,"code":"SKU_NOT_FOUND","details":{"skus":[...]}}
--#include inventory-common
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return refuse('SKU_NOT_FOUND', { skus = { ARGV[1] } }) end
local item = cjson.decode(raw)
local was_low = is_low(item)
item.discontinued = ARGV[2] == '1'
item.updatedAt = tonumber(ARGV[3])
return '{"ok":true,"change":' .. changed(raw, item, was_low) .. '}'
