-- A movement of the ledger: its sorted-set member and its JSON. The member's head
-- (<byte length>:<sku>:<seq>) sorts a SKU's movements together in seq order, so listing one
-- SKU is a ZRANGEBYLEX. `sku_json`, `reason_json` and `reservation_json` are JSON already
-- (reservation_json may be nil); `at` is the caller's text.
local function movement(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local json = string.format('{"seq":%d,"sku":%s,"kind":"%s","onHandDelta":%d,"reservedDelta":%d,"reason":%s,"at":%s%s}',
    seq, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at,
    reservation_json and (',"reservationId":' .. reservation_json) or '')
  return string.format('%d:%s:%016d', #sku, sku, seq) .. json, json
end
