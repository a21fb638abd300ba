-- Shared by every inventory script (inlined by scripts/gen-lua.mjs at `--#include`).
-- The six keys every inventory script receives, all under one hash tag:
--   KEYS[1] items        HASH  sku -> item JSON
--   KEYS[2] reservations HASH  id -> reservation JSON
--   KEYS[3] expiry       ZSET  id scored by expiresAt; holds exactly the active reservations
--   KEYS[4] low stock    SET   skus not discontinued with available <= reorderPoint
--   KEYS[5] ledger       ZSET  all scores 0, ordered by member: <#sku>:<sku>:<seq %016d><movement JSON>
--   KEYS[6] seq          STRING the ledger's store-wide movement counter

-- cjson.encode writes an empty table as {}, integers from 1e14 up with an exponent, and
-- floats to 14 digits. `enc` hands a table to cjson (fast, in C) only when none of that can
-- happen inside it; otherwise it writes it itself: integers exactly (%d), an empty table as []
-- (no object this module writes is ever empty). Answers are assembled from JSON strings, so
-- stored values are spliced in as they are, never decoded and re-encoded.
local function plain(v)
  for _, x in pairs(v) do
    local t = type(x)
    if t == 'number' then
      if x ~= math.floor(x) or x >= 1e14 or x <= -1e14 then return false end
    elseif t == 'table' then
      if x ~= cjson.null and (next(x) == nil or not plain(x)) then return false end
    end
  end
  return true
end

local function enc(v)
  local t = type(v)
  if t == 'number' then
    if v == math.floor(v) and v > -9007199254740992 and v < 9007199254740992 then return string.format('%d', v) end
    return string.format('%.17g', v)
  elseif t == 'string' or t == 'boolean' or v == cjson.null then
    return cjson.encode(v)
  elseif v == nil then
    return 'null'
  end
  if next(v) == nil then return '[]' end
  if plain(v) then return cjson.encode(v) end
  local parts = {}
  if v[1] ~= nil then
    for i = 1, #v do parts[i] = enc(v[i]) end
    return '[' .. table.concat(parts, ',') .. ']'
  end
  local n = 0
  for k, x in pairs(v) do
    n = n + 1
    parts[n] = cjson.encode(k) .. ':' .. enc(x)
  end
  return '{' .. table.concat(parts, ',') .. '}'
end

-- A JSON string. (cjson is quicker at this than a Lua pattern test for characters to escape.)
local str = cjson.encode

-- '[a,b,...]' from JSON strings.
local function list(parts)
  return '[' .. table.concat(parts, ',') .. ']'
end

local function bool(b)
  return b and 'true' or 'false'
end

-- Hot paths below write JSON by concatenation and string.format rather than through tables
-- and `enc`: in Redis's Lua every table, vararg and cjson call costs microseconds per step.

-- An item: cjson unless one of its integers is too large for cjson's 14 digits. (Every
-- number of an item is an integer; these are all of them.)
local function big(x)
  return x ~= nil and (x >= 1e14 or x <= -1e14)
end

local function enc_item(item)
  if big(item.onHand) or big(item.reserved) or big(item.reorderPoint) or big(item.reorderQuantity)
    or big(item.reorderCount) or big(item.createdAt) or big(item.updatedAt) then
    return enc(item)
  end
  return cjson.encode(item)
end

-- A reservation, field by field (its shape is fixed by the port's Reservation type).
local function enc_reservation(r)
  local lines = {}
  for i, l in ipairs(r.lines) do
    lines[i] = string.format('{"sku":%s,"quantity":%d,"backordered":%d}', str(l.sku), l.quantity, l.backordered)
  end
  return string.format('{"id":%s,"lines":[%s],"status":"%s","createdAt":%d,"expiresAt":%d', str(r.id), table.concat(lines, ','), r.status, r.createdAt, r.expiresAt)
    .. (r.orderId and (',"orderId":' .. str(r.orderId)) or '')
    .. (r.settledAt and string.format(',"settledAt":%d', r.settledAt) or '') .. '}'
end

local function refuse(code, details)
  return enc({ ok = false, code = code, details = details })
end

local function available(item)
  return item.onHand - item.reserved
end

-- The reorder rule of stock-rules.ts applyReorderRule: at most one pending reorder per item.
local function apply_reorder_rule(item)
  if item.reorderPending or item.discontinued or item.reorderQuantity <= 0 then return false end
  if available(item) > item.reorderPoint then return false end
  item.reorderPending = true
  item.reorderCount = item.reorderCount + 1
  return true
end

-- Does the item belong in the low-stock index?
local function is_low(item)
  return not item.discontinued and available(item) <= item.reorderPoint
end

-- Writes the item and keeps the low-stock index in step with it; answers the item's JSON.
-- `was_low` is is_low() of the item as stored before: the index is only touched when that
-- changes, since every step keeps it exact.
local function save_item(item, was_low)
  local json = enc_item(item)
  redis.call('HSET', KEYS[1], item.sku, json)
  local low = is_low(item)
  if low and not was_low then
    redis.call('SADD', KEYS[4], item.sku)
  elseif was_low and not low then
    redis.call('SREM', KEYS[4], item.sku)
  end
  return json
end

-- Applies the reorder rule to a changed item, stores it and answers the change as JSON.
-- `before_json` is the item as it was stored (or 'null'), `was_low` its is_low().
local function changed(before_json, item, was_low)
  local requested = apply_reorder_rule(item)
  return '{"before":' .. before_json .. ',"after":' .. save_item(item, was_low) .. ',"reorderRequested":' .. bool(requested) .. '}'
end

-- Appends one movement to the ledger. The member's head (<byte length>:<sku>:<seq>) sorts a
-- SKU's movements together in seq order, so listing one SKU is a ZRANGEBYLEX. Answers its JSON.
local function record(sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id)
  local seq = redis.call('INCR', KEYS[6])
  -- Written by hand, not through a table and cjson: this runs for every line of every step.
  local json = string.format('{"seq":%d,"sku":%s,"kind":"%s","onHandDelta":%d,"reservedDelta":%d,"reason":%s,"at":%d%s}',
    seq, str(sku), kind, on_hand_delta, reserved_delta, str(reason), at,
    reservation_id and (',"reservationId":' .. str(reservation_id)) or '')
  redis.call('ZADD', KEYS[5], 0, #sku .. ':' .. sku .. ':' .. string.format('%016d', seq) .. json)
  return json
end

-- Ends an active reservation: a sale takes the units off the shelf, a release or expiry only
-- frees them. Writes every line's item, the reservation, and drops its expiry entry.
-- Answers the reservation's JSON and the JSON list of changes.
local function settle(reservation, status, now)
  local changes = {}
  for i, line in ipairs(reservation.lines) do
    local raw = redis.call('HGET', KEYS[1], line.sku)
    local item = cjson.decode(raw)
    local was_low = is_low(item)
    item.reserved = item.reserved - line.quantity
    if status == 'confirmed' then item.onHand = item.onHand - line.quantity end
    item.updatedAt = now
    if status == 'confirmed' then
      record(line.sku, 'sale', -line.quantity, -line.quantity, 'confirmed', now, reservation.id)
    else
      record(line.sku, 'release', 0, -line.quantity, status, now, reservation.id)
    end
    changes[i] = changed(raw, item, was_low)
  end
  reservation.status = status
  reservation.settledAt = now
  local json = enc_reservation(reservation)
  redis.call('HSET', KEYS[2], reservation.id, json)
  redis.call('ZREM', KEYS[3], reservation.id)
  return json, list(changes)
end
