-- InventoryStore.adjust: sets, adds (a receipt) or subtracts on-hand stock.
-- Mirrors adjustedOnHand / adjustRefusal / applyReorderRule (src/inventory/stock-rules.ts);
-- pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..9] items, reservations, expiry, low stock, ledger, seq, event stream, event
--          sequences, the SKU's ledger list (see docs/redis.md)
-- ARGV[1]  sku
-- ARGV[2]  operation: set | add | subtract
-- ARGV[3]  quantity
-- ARGV[4]  reason
-- ARGV[5]  now, epoch ms
-- ARGV[6]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[10], ARGV[7]  the operation key and replay window (lib/replay.lua)
-- Returns  {"ok":true,"change":[before,after,reorderRequested],"movement":{...}} or
--          {"ok":false,"code":"SKU_NOT_FOUND"|"STOCK_NEGATIVE","details":{...}}
--#include inventory-ledger
--#include inventory-refusal
--#include replay
local first = replayed() if first then return first end
local sku, operation, quantity, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[5]
local raw = redis.call('HGET', KEYS[1], sku)
if not raw then return refuse('SKU_NOT_FOUND', { skus = { sku } }) end
local item = read_item(raw)
local was_low = is_low(item)
local target = quantity
if operation == 'add' then target = item.on_hand + quantity elseif operation == 'subtract' then target = item.on_hand - quantity end
if not item.backorder and (target < 0 or target - item.reserved < 0) then
  return refuse('STOCK_NEGATIVE', { sku = sku, onHand = item.on_hand, reserved = item.reserved, requested = target })
end
local kind = operation == 'add' and 'receipt' or 'adjustment'
local json = movement(redis.call('INCR', KEYS[6]), cjson.encode(sku), kind, target - item.on_hand, 0, cjson.encode(ARGV[4]), now)
redis.call('RPUSH', KEYS[9], json)
item.on_hand = target
item.updated = now
-- Stock received ends the pending reorder; the rule may then ask again if still low.
if kind == 'receipt' and quantity > 0 then item.pending = false end
local after, change = finish(sku, raw, item, was_low)
redis.call('HSET', KEYS[1], sku, after)
return applied('{"ok":true,"change":' .. change .. ',"movement":' .. json .. '}')
