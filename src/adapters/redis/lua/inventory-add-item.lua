-- InventoryStore.addItem: creates an item unless its SKU is taken, records its initial stock.
-- Mirrors MemoryInventoryStore.addItem and applyReorderRule (src/inventory/stock-rules.ts);
-- pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..9] items, reservations, expiry, low stock, ledger, seq, event stream, event
--          sequences, the SKU's ledger list (see docs/redis.md)
-- ARGV[1]  sku
-- ARGV[2]  the item's record (lib/inventory-item.lua)
-- ARGV[3]  reason of the initial receipt
-- ARGV[4]  now, epoch ms
-- ARGV[5]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[10], ARGV[6]  the operation key and replay window (lib/replay.lua)
-- Returns  {"ok":true,"change":[null,after,reorderRequested]} or
--          {"ok":false,"code":"SKU_EXISTS","details":{"sku":...}}
--#include inventory-ledger
--#include inventory-refusal
--#include replay
local first = replayed() if first then return first end
local sku = ARGV[1]
if redis.call('HEXISTS', KEYS[1], sku) == 1 then return refuse('SKU_EXISTS', { sku = sku }) end
local item = read_item(ARGV[2])
if item.on_hand ~= 0 then
  redis.call('RPUSH', KEYS[9], movement(redis.call('INCR', KEYS[6]), cjson.encode(sku), 'receipt', item.on_hand, 0, cjson.encode(ARGV[3]), ARGV[4]))
end
local after, change = finish(sku, nil, item, false)
redis.call('HSET', KEYS[1], sku, after)
return applied('{"ok":true,"change":' .. change .. '}')
