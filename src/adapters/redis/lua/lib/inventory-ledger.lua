-- The ledger: one list per SKU, each movement's JSON in seq order (seqs come from the
-- store-wide counter, so they rise along every list but skip the other SKUs' numbers).
-- A step gets its SKUs' lists as KEYS[6], KEYS[7], ... (after the five fixed keys), in the
-- order its ARGV names those SKUs. (Needs inventory-item, for int, included first.)

-- A movement's JSON up to and including its seq; the rest follows from the comma.
local function movement_head(seq)
  return string.format('{"seq":%d', seq)
end

-- A movement's JSON. `sku_json`, `reason_json` and `reservation_json` are JSON already
-- (reservation_json may be nil); `at` is the caller's text.
local function movement(seq, sku_json, kind, on_hand_delta, reserved_delta, reason_json, at, reservation_json)
  local tail = reservation_json and (',"reservationId":' .. reservation_json .. '}') or '}'
  return movement_head(seq) .. ',"sku":' .. sku_json .. ',"kind":"' .. kind .. '","onHandDelta":' .. int(on_hand_delta)
    .. ',"reservedDelta":' .. int(reserved_delta) .. ',"reason":' .. reason_json .. ',"at":' .. at .. tail
end

-- SKU -> its ledger's key, for the SKUs a step named: skus[j]'s is KEYS[5 + j].
local function ledger_keys(skus)
  local keys = {}
  for j, sku in ipairs(skus) do keys[sku] = KEYS[5 + j] end
  return keys
end

-- ledger_keys() of the SKUs named by ARGV[first], ARGV[first + 1], ... to the end.
local function ledger_keys_from(first)
  local skus = {}
  for i = first, #ARGV do skus[#skus + 1] = ARGV[i] end
  return ledger_keys(skus)
end

-- The JSON list of the `skus` (with their `sku_jsons`) that have no key in `keys`, or nil when
-- all have one. A step that finds one missing answers {"ledgers":[...]} and writes nothing;
-- Node calls it again with those SKUs' ledgers (confirm, release and the sweep learn a
-- reservation's SKUs only by reading it, and a script may not name a key it was not given).
local function missing_ledgers(skus, sku_jsons, keys)
  local missing = {}
  for i, sku in ipairs(skus) do
    if not keys[sku] then missing[#missing + 1] = sku_jsons[i] end
  end
  if #missing > 0 then return '[' .. table.concat(missing, ',') .. ']' end
end
