-- Mirrors inventoryEventsOf (src/inventory/inventory-event-records.ts) with statusOf and
-- crossingTypesOf (src/inventory/stock-rules.ts); pinned against the memory store by
-- test/redis/inventory-differential.property.test.ts. The events of an item change are
-- recorded by the script that makes it, on the inventory's stream KEYS[7] (sequences KEYS[8]),
-- when ARGV[#ARGV - 1] is '1' (the adapters record events; inventory-store.ts passes it to
-- every step that writes). Payloads are built as text: the item's counts, then the fields of
-- its record's JSON tail (sku, productName, supplierId, costPerUnit, ...) spliced in, never
-- decoded. Needs read_item and int (lib/inventory-item.lua).
--#include events
local INVENTORY_EVENT_SCHEMA = '1'
local recording_events = ARGV[#ARGV - 1] == '1'

-- statusOf: discontinued wins; nothing available is out of stock (backordered when it may be
-- sold below zero); at or under the reorder point is low stock.
local function status_of(item)
  if item.discontinued then return 'discontinued' end
  local available = item.on_hand - item.reserved
  if available <= 0 then return item.backorder and 'backordered' or 'out_of_stock' end
  if available <= item.point then return 'low_stock' end
  return 'in_stock'
end

-- crossingTypesOf: the event of entering low stock or running out, or nil.
local function crossing_type(previous, status)
  if status == previous then return nil end
  if status == 'low_stock' then return 'inventory.low_stock' end
  if status == 'out_of_stock' or status == 'backordered' then return 'inventory.out_of_stock' end
  return nil
end

-- Records the events of one item change: `previous` is the status before (nil: a new item),
-- `item` the item after, `requested` whether the step requested a reorder.
local function record_item_events(sku, previous, item, requested)
  if not recording_events then return end
  local agg = 'sku:' .. sku
  local counts = ',"available":' .. int(item.on_hand - item.reserved) .. ',"reorderPoint":' .. int(item.point) .. ','
  local described = string.sub(item.rest, 2)
  local status = status_of(item)
  local crossed = crossing_type(previous, status)
  if crossed then
    record_event(KEYS[7], KEYS[8], crossed, agg, item.updated, INVENTORY_EVENT_SCHEMA,
      '{"status":"' .. status .. '","previousStatus":' .. (previous and ('"' .. previous .. '"') or 'null') ..
      ',"onHand":' .. int(item.on_hand) .. ',"reserved":' .. int(item.reserved) .. counts .. '"at":' .. item.updated .. ',' .. described)
  end
  if requested then
    record_event(KEYS[7], KEYS[8], 'inventory.reorder_requested', agg, item.updated, INVENTORY_EVENT_SCHEMA,
      '{"requestId":' .. cjson.encode(sku .. '#' .. int(item.count)) .. ',"quantity":' .. int(item.quantity) ..
      ',"reorderCount":' .. int(item.count) .. counts .. '"requestedAt":' .. item.updated .. ',' .. described)
  end
end
