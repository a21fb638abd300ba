-- InventoryStore.reserve: reserves every line or none, and indexes the expiry.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see docs/redis.md)
-- ARGV[1]  reservation id
-- ARGV[2]  now, epoch ms
-- ARGV[3]  expiresAt, epoch ms
-- ARGV[4]  the reservation id as JSON
-- ARGV[5]  the order id as JSON, or null
-- ARGV[6], ARGV[7], ARGV[8], ...  sku, sku as JSON, quantity of each line (distinct SKUs)
-- Returns  {"ok":true,"reservation":[record],"changes":[[before,after,reorderRequested],...]}
--          (records as in lib/inventory-item.lua and lib/inventory-reservation.lua) or
--          {"ok":false,"code":C,"details":{...}} with C in CONFLICT, SKU_NOT_FOUND,
--          SKU_DISCONTINUED, INSUFFICIENT_INVENTORY (that order)
--#include call-many
--#include inventory-item
--#include inventory-ledger
--#include inventory-refusal
local id, now = ARGV[1], ARGV[2]
if redis.call('HEXISTS', KEYS[2], id) == 1 then
  return refuse('CONFLICT', { reservationId = id, reason = 'reservation id taken' })
end
local skus, quantities, n = {}, {}, 0
for i = 6, #ARGV, 3 do
  n = n + 1
  skus[n], quantities[n] = ARGV[i], tonumber(ARGV[i + 2])
end
local raws = call_many('HMGET', KEYS[1], skus)
local items, missing, discontinued, shortages = {}, {}, {}, {}
for i = 1, n do
  if not raws[i] then
    missing[#missing + 1] = skus[i]
  else
    local item = read_item(raws[i])
    items[i] = item
    local available = item.on_hand - item.reserved
    if item.discontinued then
      discontinued[#discontinued + 1] = skus[i]
    elseif not item.backorder and available < quantities[i] then
      shortages[#shortages + 1] = { sku = skus[i], requested = quantities[i], available = available }
    end
  end
end
if #missing > 0 then return refuse('SKU_NOT_FOUND', { skus = missing }) end
if #discontinued > 0 then return refuse('SKU_DISCONTINUED', { skus = discontinued }) end
if #shortages > 0 then return refuse('INSUFFICIENT_INVENTORY', { shortages = shortages }) end

-- Every check passed: from here on, only writes, each command once for all lines.
local seq = n > 0 and redis.call('INCRBY', KEYS[6], n) - n
local lines, writes, moves, changes = {}, {}, {}, {}
for i = 1, n do
  local item, sku, sku_json, quantity = items[i], skus[i], ARGV[4 + 3 * i], quantities[i]
  local was_low = is_low(item)
  local backordered = math.max(0, quantity - math.max(0, item.on_hand - item.reserved))
  item.reserved = item.reserved + quantity
  item.updated = now
  local after, change = finish(sku, raws[i], item, was_low)
  local member = movement(seq + i, sku, sku_json, 'reservation', 0, quantity, '"reserved"', now, ARGV[4])
  writes[2 * i - 1], writes[2 * i], moves[2 * i - 1], moves[2 * i], changes[i] = sku, after, 0, member, change
  lines[i] = string.format('%s,%d,%d,', sku_json, quantity, backordered)
end
call_many('HSET', KEYS[1], writes)
call_many('ZADD', KEYS[5], moves)
local record = string.format('"active",%s,%s,null,', now, ARGV[3]) .. table.concat(lines) .. ARGV[4] .. ',' .. ARGV[5]
redis.call('HSET', KEYS[2], id, record)
redis.call('ZADD', KEYS[3], ARGV[3], id)
return '{"ok":true,"reservation":[' .. record .. '],"changes":[' .. table.concat(changes, ',') .. ']}'
