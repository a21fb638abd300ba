-- InventoryStore.addItem: creates an item unless its SKU is taken, records its initial stock.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  the item, JSON
-- ARGV[2]  reason of the initial receipt
-- ARGV[3]  now, epoch ms
-- Returns  {"ok":true,"change":{...}} or {"ok":false,"code":"SKU_EXISTS","details":{"sku":...}}
--#include inventory-common
local item = cjson.decode(ARGV[1])
local now = tonumber(ARGV[3])
if redis.call('HEXISTS', KEYS[1], item.sku) == 1 then return refuse('SKU_EXISTS', { sku = item.sku }) end
if item.onHand ~= 0 then record(item.sku, 'receipt', item.onHand, 0, ARGV[2], now) end
return '{"ok":true,"change":' .. changed('null', item, false) .. '}'
