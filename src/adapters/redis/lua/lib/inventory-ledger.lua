-- The ledger lives in two places (docs/redis.md, Inventory):
-- - each SKU's list (`ledger:<sku>`, KEYS[7], KEYS[8], ...): the movements of the steps whose
--   caller names the SKU (addItem, adjust, reserve), each movement's JSON, in seq order;
-- - the shared sorted set (KEYS[5]): the movements of settling a reservation (confirm,
--   release, expiry), which learn their SKUs only by reading it and so cannot be given
--   their lists. All scores 0;
--   a member is <byte length>:<sku>:<seq, 16 digits> then the movement's JSON, so one SKU's
--   movements sort together in seq order.
-- Seqs come from the one store-wide counter and scripts run one at a time, so they rise in
-- both; listing merges the two.
--#include inventory-item

-- A movement's JSON. `sku_json`, `reason_json` and `reservation_json` are JSON already
-- (reservation_json may be nil); `at` is the caller's text.
local function movement(seq, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local tail = reservation_json and (',"reservationId":' .. reservation_json .. '}') or '}'
  return string.format('{"seq":%d', seq) .. ',"sku":' .. sku_json .. ',"kind":"' .. kind .. '","onHandDelta":' .. int(on_hand_delta)
    .. ',"reservedDelta":' .. int(reserved_delta) .. ',"reason":' .. reason_json .. ',"at":' .. at .. tail
end

-- A movement as a member of the shared sorted set. The sku is concatenated, never passed to
-- %s, which (sprintf) would cut a short string at a NUL byte and file it under another head.
local function ledger_member(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  return #sku .. ':' .. sku .. string.format(':%016d', seq) .. movement(seq, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
end
