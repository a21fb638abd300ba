-- Needs inventory-item (int) inlined before it.
-- A movement of the ledger as its sorted-set member: <byte length>:<sku>:<seq, 16 digits>
-- then the movement's JSON. The head sorts a SKU's movements together in seq order, so
-- listing one SKU is a ZRANGEBYLEX. The sku is concatenated, never passed to %s, which
-- (sprintf) would cut a short string at a NUL byte and file the movement under another head.

-- The member up to its seq: the head, then the movement's JSON as far as `{"seq":<seq>`.
-- Reserve gets the rest of each movement from Node (ledgerTail in inventory-store.ts): in
-- Redis's Lua each piece concatenated or formatted costs about 0.1 µs, and a reservation's
-- time is mostly spent on that one core.
local function ledger_head(seq, sku)
  return #sku .. ':' .. sku .. string.format(':%016d{"seq":%d', seq, seq)
end

-- The whole member. `sku_json`, `reason_json` and `reservation_json` are JSON already
-- (reservation_json may be nil); `at` is the caller's text.
local function ledger_member(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local tail = reservation_json and (',"reservationId":' .. reservation_json .. '}') or '}'
  return ledger_head(seq, sku) .. ',"sku":' .. sku_json .. ',"kind":"' .. kind
    .. '","onHandDelta":' .. int(on_hand_delta) .. ',"reservedDelta":' .. int(reserved_delta) .. ',"reason":' .. reason_json .. ',"at":' .. at .. tail
end

-- The member and the movement's JSON alone (what follows the head).
local function movement(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local member = ledger_member(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  return member, string.sub(member, #tostring(#sku) + #sku + 19)
end
