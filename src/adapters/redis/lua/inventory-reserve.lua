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
--#include inventory-stock
--#include inventory-refusal
local id, now = ARGV[1], ARGV[2]
if redis.call('HEXISTS', KEYS[2], id) == 1 then
  return refuse('CONFLICT', { reservationId = id, reason = 'reservation id taken' })
end
local skus, sku_jsons, quantities, n = {}, {}, {}, 0
for i = 6, #ARGV, 3 do
  n = n + 1
  skus[n], sku_jsons[n], quantities[n] = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
end
local lines = { skus = skus, sku_jsons = sku_jsons, quantities = quantities }
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

-- Every check passed: from here on, only writes.
local parts = {}
for i = 1, n do
  local backordered = math.max(0, quantities[i] - math.max(0, items[i].on_hand - items[i].reserved))
  parts[i] = string.format('%s,%d,%d,', sku_jsons[i], quantities[i], backordered)
end
local changes = n > 0 and move_stock(lines, raws, items, 'reservation', '"reserved"', 0, 1, now, ARGV[4]) or ''
local record = string.format('"active",%s,%s,null,', now, ARGV[3]) .. table.concat(parts) .. ARGV[4] .. ',' .. ARGV[5]
redis.call('HSET', KEYS[2], id, record)
redis.call('ZADD', KEYS[3], ARGV[3], id)
return '{"ok":true,"reservation":[' .. record .. '],"changes":[' .. changes .. ']}'
