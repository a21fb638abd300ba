-- Moves the stock of a reservation's lines (settleStock of src/inventory/stock-rules.ts): each item's onHand by on_hand * quantity and its
-- reserved by reserved * quantity (factors -1, 0 or 1), one movement per line, and one INCRBY,
-- HSET and ZADD for all lines. `items` are read_item() of `raws`. Answers the changes, JSON,
-- comma-separated.
--#include call-many
--#include inventory-item
--#include inventory-ledger
local function move_stock(lines, raws, items, kind, reason_json, on_hand, reserved, now, reservation_json)
  local n = #lines.skus
  local seq = redis.call('INCRBY', KEYS[6], n) - n
  local writes, moves, changes = {}, {}, {}
  for i = 1, n do
    local sku, item, quantity = lines.skus[i], items[i], lines.quantities[i]
    local was_low = is_low(item)
    item.on_hand = item.on_hand + on_hand * quantity
    item.reserved = item.reserved + reserved * quantity
    item.updated = now
    local after, change = finish(sku, raws[i], item, was_low)
    writes[2 * i - 1], writes[2 * i] = sku, after
    moves[2 * i - 1], moves[2 * i] = '0', ledger_member(seq + i, sku, lines.sku_jsons[i], kind, on_hand * quantity, reserved * quantity, reason_json, now, reservation_json)
    changes[i] = change
  end
  call_many('HSET', KEYS[1], writes)
  call_many('ZADD', KEYS[5], moves)
  return table.concat(changes, ',')
end
