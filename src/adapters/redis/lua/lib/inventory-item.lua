-- An item as the items hash stores it (docs/redis.md, inventory-records.ts):
--   onHand,reserved,reorderPoint,reorderQuantity,reorderCount,updatedAt,allowBackorder,discontinued,reorderPending,{rest}
-- flags as 0/1, {rest} the JSON of every other field, written by Node and never touched here.
-- Wrapped in brackets it is a JSON array, so answers splice records as they are. Every number
-- and flag a script reads or changes sits in the head, so no script decodes or encodes JSON:
-- in Redis's Lua a cjson round trip of an item costs several times the rest of a reservation.
-- A record that does not read raises an error: every script reads its items before its first
-- write, so the error leaves nothing written.
local function read_item(raw)
  local on_hand, reserved, point, quantity, count, updated, backorder, discontinued, pending, rest =
    string.match(raw, '^(-?%d+),(-?%d+),(-?%d+),(%d+),(%d+),([^,]*),([01]),([01]),([01]),(.*)$')
  if not on_hand then error('inventory: an item record does not read: ' .. string.sub(raw, 1, 80)) end
  return {
    on_hand = tonumber(on_hand), reserved = tonumber(reserved), point = tonumber(point),
    quantity = tonumber(quantity), count = tonumber(count), updated = updated,
    backorder = backorder == '1', discontinued = discontinued == '1', pending = pending == '1', rest = rest,
  }
end

-- An integer as JSON: %d, exact where tostring rounds to 14 digits; 0 (most reorder fields
-- and deltas) for free.
local function int(n)
  return n == 0 and '0' or string.format('%d', n)
end

-- %d writes integers exactly (tostring and cjson round to 14 digits); updatedAt is kept as
-- the caller's text. Concatenated, not one ten-field string.format, which costs more in Redis's
-- Lua (docs/redis-performance.md, Item records); this runs once per item a step changes.
local function item_record(item)
  return string.format('%d,%d,', item.on_hand, item.reserved) .. int(item.point) .. ',' .. int(item.quantity) .. ',' .. int(item.count)
    .. ',' .. item.updated .. (item.backorder and ',1' or ',0') .. (item.discontinued and ',1' or ',0') .. (item.pending and ',1,' or ',0,') .. item.rest
end

--#include inventory-events

-- Does the item belong in the low-stock index?
local function is_low(item)
  return not item.discontinued and item.on_hand - item.reserved <= item.point
end

-- Applies the reorder rule (applyReorderRule, src/inventory/stock-rules.ts: at most one pending reorder per item) to a
-- changed item, in Lua memory only; answers whether it requested a reorder.
local function apply_reorder_rule(item)
  local requested = not item.pending and not item.discontinued and item.quantity > 0
    and item.on_hand - item.reserved <= item.point
  if requested then
    item.pending = true
    item.count = item.count + 1
  end
  return requested
end

-- Applies the reorder rule to a changed item, keeps the low-stock index in step (`was_low`:
-- is_low() before the change; the index is touched only when that flips, since every step
-- keeps it exact) and records the change's events (lib/inventory-events.lua). Call it on the
-- path that writes, once every check passed. Answers the item's new record, for the caller to
-- HSET, and the change for the answer: [before record or null, after record, reorderRequested].
local function finish(sku, before, item, was_low)
  local requested = apply_reorder_rule(item)
  if recording_events then record_item_events(sku, before and status_of(read_item(before)) or nil, item, requested) end
  local low = is_low(item)
  if low ~= was_low then redis.call(low and 'SADD' or 'SREM', KEYS[4], sku) end
  local after = item_record(item)
  return after, '[' .. (before and ('[' .. before .. ']') or 'null') .. ',[' .. after .. '],' .. (requested and 'true' or 'false') .. ']'
end
