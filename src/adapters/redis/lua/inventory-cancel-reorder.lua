-- InventoryStore.cancelReorder: withdraws a pending reorder if reorderCount still matches.
-- Mirrors MemoryInventoryStore.cancelReorder; pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..8] items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (see docs/redis.md)
-- ARGV[1]  sku
-- ARGV[2]  reorderCount the caller saw
-- ARGV[3]  now, epoch ms
-- ARGV[4]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[9], ARGV[5]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when withdrawn, 'false' otherwise
--#include inventory-item
--#include replay
local first = replayed() if first then return first end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'false' end
local item = read_item(raw)
if not item.pending or item.count ~= tonumber(ARGV[2]) then return 'false' end
-- Stock and flags that decide the low-stock index are unchanged: the index stays as it is.
item.pending = false
item.updated = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], item_record(item))
return applied('true')
