-- InventoryStore.reserve: reserves every line or none, and indexes the expiry.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  reservation id
-- ARGV[2]  now, epoch ms
-- ARGV[3]  expiresAt, epoch ms
-- ARGV[4]  '1' when an order id follows, '0' otherwise
-- ARGV[5]  order id (ignored unless ARGV[4] is '1')
-- ARGV[6], ARGV[7], ...  sku, quantity of each line (distinct SKUs)
-- Returns  {"ok":true,"reservation":{...},"changes":[...]} or {"ok":false,"code":C,"details":{...}}
--          with C in CONFLICT, SKU_NOT_FOUND, SKU_DISCONTINUED, INSUFFICIENT_INVENTORY (that order)
--#include inventory-common
local id = ARGV[1]
local now = tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[2], id) == 1 then
  return refuse('CONFLICT', { reservationId = id, reason = 'reservation id taken' })
end
local skus, quantities = {}, {}
for i = 6, #ARGV, 2 do
  skus[#skus + 1] = ARGV[i]
  quantities[#quantities + 1] = tonumber(ARGV[i + 1])
end
local raws = #skus > 0 and redis.call('HMGET', KEYS[1], unpack(skus)) or {}
local missing, discontinued, shortages = {}, {}, {}
local items = {}
for i, sku in ipairs(skus) do
  local raw = raws[i]
  if not raw then
    missing[#missing + 1] = sku
  else
    local item = cjson.decode(raw)
    items[i] = item
    if item.discontinued then
      discontinued[#discontinued + 1] = sku
    elseif not item.allowBackorder and available(item) < quantities[i] then
      shortages[#shortages + 1] = { sku = sku, requested = quantities[i], available = available(item) }
    end
  end
end
if #missing > 0 then return refuse('SKU_NOT_FOUND', { skus = missing }) end
if #discontinued > 0 then return refuse('SKU_DISCONTINUED', { skus = discontinued }) end
if #shortages > 0 then return refuse('INSUFFICIENT_INVENTORY', { shortages = shortages }) end

-- Every check passed: from here on, only writes.
local lines, changes = {}, {}
for i, sku in ipairs(skus) do
  local item, quantity = items[i], quantities[i]
  local was_low = is_low(item)
  local backordered = math.max(0, quantity - math.max(0, available(item)))
  item.reserved = item.reserved + quantity
  item.updatedAt = now
  record(sku, 'reservation', 0, quantity, 'reserved', now, id)
  changes[i] = changed(raws[i], item, was_low)
  lines[i] = { sku = sku, quantity = quantity, backordered = backordered }
end
local reservation = { id = id, lines = lines, status = 'active', createdAt = now, expiresAt = tonumber(ARGV[3]) }
if ARGV[4] == '1' then reservation.orderId = ARGV[5] end
local json = enc_reservation(reservation)
redis.call('HSET', KEYS[2], id, json)
redis.call('ZADD', KEYS[3], ARGV[3], id)
return '{"ok":true,"reservation":' .. json .. ',"changes":' .. list(changes) .. '}'
