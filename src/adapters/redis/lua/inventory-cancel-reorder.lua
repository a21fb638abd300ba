-- InventoryStore.cancelReorder: withdraws a pending reorder if reorderCount still matches.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  sku
-- ARGV[2]  reorderCount the caller saw
-- ARGV[3]  now, epoch ms
-- Returns  'true' when withdrawn, 'false' otherwise
--#include inventory-common
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'false' end
local item = cjson.decode(raw)
if not item.reorderPending or item.reorderCount ~= tonumber(ARGV[2]) then return 'false' end
item.reorderPending = false
item.updatedAt = tonumber(ARGV[3])
save_item(item, is_low(item))
return 'true'
