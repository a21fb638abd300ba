-- An integer as JSON: %d, exact where tostring rounds to 14 digits; 0 (most deltas) for free.
local function int(n)
  return n == 0 and '0' or string.format('%d', n)
end

-- A movement of the ledger as its sorted-set member: <byte length>:<sku>:<seq, 16 digits>
-- then the movement's JSON. The head sorts a SKU's movements together in seq order, so
-- listing one SKU is a ZRANGEBYLEX. `sku_json`, `reason_json` and `reservation_json` are
-- JSON already (reservation_json may be nil); `at` is the caller's text. One concatenation
-- and one string.format: in Redis's Lua each format of many fields costs about a
-- microsecond. The sku is concatenated, never passed to %s, which (sprintf) would cut a
-- short string at a NUL byte and file the movement under another head.
local function ledger_member(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local tail = reservation_json and (',"reservationId":' .. reservation_json .. '}') or '}'
  return #sku .. ':' .. sku .. string.format(':%016d{"seq":%d,"sku":', seq, seq) .. sku_json .. ',"kind":"' .. kind
    .. '","onHandDelta":' .. int(on_hand_delta) .. ',"reservedDelta":' .. int(reserved_delta) .. ',"reason":' .. reason_json .. ',"at":' .. at .. tail
end

-- The member and the movement's JSON alone (what follows the head).
local function movement(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local member = ledger_member(seq, sku, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  return member, string.sub(member, #tostring(#sku) + #sku + 19)
end
