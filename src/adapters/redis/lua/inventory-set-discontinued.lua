-- InventoryStore.setDiscontinued: sets or clears the discontinued flag.
-- Mirrors MemoryInventoryStore.setDiscontinued and applyReorderRule; pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..8] items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (see docs/redis.md)
-- ARGV[1]  sku
-- ARGV[2]  '1' to discontinue, '0' to sell again
-- ARGV[3]  now, epoch ms
-- ARGV[4]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[9], ARGV[5]  the operation key and replay window (lib/replay.lua)
-- Returns  {"ok":true,"change":[before,after,reorderRequested]} or
--          {"ok":false,"code":"SKU_NOT_FOUND","details":{"skus":[...]}}
--#include inventory-item
--#include inventory-refusal
--#include replay
local first = replayed() if first then return first end
local sku = ARGV[1]
local raw = redis.call('HGET', KEYS[1], sku)
if not raw then return refuse('SKU_NOT_FOUND', { skus = { sku } }) end
local item = read_item(raw)
local was_low = is_low(item)
item.discontinued = ARGV[2] == '1'
item.updated = ARGV[3]
local after, change = finish(sku, raw, item, was_low)
redis.call('HSET', KEYS[1], sku, after)
return applied('{"ok":true,"change":' .. change .. '}')
