-- Shared by every inventory script (inlined by scripts/gen-lua.mjs at `--#include`).
-- The six keys every inventory script receives, all under one hash tag:
--   KEYS[1] items        HASH  sku -> item JSON
--   KEYS[2] reservations HASH  id -> reservation JSON
--   KEYS[3] expiry       ZSET  id scored by expiresAt; holds exactly the active reservations
--   KEYS[4] low stock    SET   skus not discontinued with available <= reorderPoint
--   KEYS[5] ledger       ZSET  all scores 0, ordered by member: <#sku>:<sku>:<seq %016d><movement JSON>
--   KEYS[6] seq          STRING the ledger's store-wide movement counter

-- cjson.encode writes an empty table as {} and integers past 1e14 with an exponent, and
-- Lua tables keep no order; this encoder writes integers exactly (%d) and an empty table as
-- [] (no object this module writes is ever empty), and cjson.null as null.
local function enc(v)
  local t = type(v)
  if t == 'number' then
    if v == math.floor(v) and v > -9007199254740992 and v < 9007199254740992 then return string.format('%d', v) end
    return string.format('%.17g', v)
  elseif t == 'string' then
    return cjson.encode(v)
  elseif t == 'boolean' then
    return v and 'true' or 'false'
  elseif v == nil or v == cjson.null then
    return 'null'
  end
  local parts = {}
  if v[1] ~= nil or next(v) == nil then
    for i = 1, #v do parts[i] = enc(v[i]) end
    return '[' .. table.concat(parts, ',') .. ']'
  end
  for k, x in pairs(v) do parts[#parts + 1] = cjson.encode(k) .. ':' .. enc(x) end
  return '{' .. table.concat(parts, ',') .. '}'
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

-- Writes the item and keeps the low-stock index in step with it.
local function save_item(item)
  redis.call('HSET', KEYS[1], item.sku, enc(item))
  if not item.discontinued and available(item) <= item.reorderPoint then
    redis.call('SADD', KEYS[4], item.sku)
  else
    redis.call('SREM', KEYS[4], item.sku)
  end
end

-- Applies the reorder rule to a changed item, stores it and describes the change.
local function changed(before, item)
  local requested = apply_reorder_rule(item)
  save_item(item)
  return { before = before, after = item, reorderRequested = requested }
end

-- Appends one movement to the ledger. The member's head (<byte length>:<sku>:<seq>) sorts a
-- SKU's movements together in seq order, so listing one SKU is a ZRANGEBYLEX.
local function record(sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id)
  local seq = redis.call('INCR', KEYS[6])
  local movement = { seq = seq, sku = sku, kind = kind, onHandDelta = on_hand_delta, reservedDelta = reserved_delta, reason = reason, at = at, reservationId = reservation_id }
  redis.call('ZADD', KEYS[5], 0, #sku .. ':' .. sku .. ':' .. string.format('%016d', seq) .. enc(movement))
  return movement
end

-- Ends an active reservation: a sale takes the units off the shelf, a release or expiry only
-- frees them. Writes every line's item, the reservation, and drops its expiry entry.
local function settle(reservation, status, now)
  local changes = {}
  for i, line in ipairs(reservation.lines) do
    local raw = redis.call('HGET', KEYS[1], line.sku)
    local before, item = cjson.decode(raw), cjson.decode(raw)
    item.reserved = item.reserved - line.quantity
    if status == 'confirmed' then item.onHand = item.onHand - line.quantity end
    item.updatedAt = now
    if status == 'confirmed' then
      record(line.sku, 'sale', -line.quantity, -line.quantity, 'confirmed', now, reservation.id)
    else
      record(line.sku, 'release', 0, -line.quantity, status, now, reservation.id)
    end
    changes[i] = changed(before, item)
  end
  reservation.status = status
  reservation.settledAt = now
  redis.call('HSET', KEYS[2], reservation.id, enc(reservation))
  redis.call('ZREM', KEYS[3], reservation.id)
  return changes
end
