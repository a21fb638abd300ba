-- InventoryStore.adjust: sets, adds (a receipt) or subtracts on-hand stock.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  sku
-- ARGV[2]  operation: set | add | subtract
-- ARGV[3]  quantity
-- ARGV[4]  reason
-- ARGV[5]  now, epoch ms
-- Returns  {"ok":true,"change":{...},"movement":{...}} or
--          {"ok":false,"code":"SKU_NOT_FOUND"|"STOCK_NEGATIVE","details":{...}}
--#include inventory-common
local sku, operation, quantity, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[5])
local raw = redis.call('HGET', KEYS[1], sku)
if not raw then return refuse('SKU_NOT_FOUND', { skus = { sku } }) end
local item = cjson.decode(raw)
local was_low = is_low(item)
local target = quantity
if operation == 'add' then target = item.onHand + quantity elseif operation == 'subtract' then target = item.onHand - quantity end
if not item.allowBackorder and (target < 0 or target - item.reserved < 0) then
  return refuse('STOCK_NEGATIVE', { sku = sku, onHand = item.onHand, reserved = item.reserved, requested = target })
end
local kind = operation == 'add' and 'receipt' or 'adjustment'
local movement = record(sku, kind, target - item.onHand, 0, ARGV[4], now)
item.onHand = target
item.updatedAt = now
-- Stock received ends the pending reorder; the rule may then ask again if still low.
if kind == 'receipt' and quantity > 0 then item.reorderPending = false end
return '{"ok":true,"change":' .. changed(raw, item, was_low) .. ',"movement":' .. movement .. '}'
