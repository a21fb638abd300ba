-- InventoryStore.release: frees an active reservation; idempotent; a sale is not released.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  reservation id
-- ARGV[2]  now, epoch ms
-- Returns  {"ok":true,"reservation":{...},"changed":bool,"changes":[...]} or
--          {"ok":false,"code":"RESERVATION_NOT_FOUND"|"RESERVATION_NOT_ACTIVE","details":{...}}
--#include inventory-common
local id = ARGV[1]
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return refuse('RESERVATION_NOT_FOUND', { reservationId = id }) end
local reservation = cjson.decode(raw)
if reservation.status == 'released' or reservation.status == 'expired' then
  return '{"ok":true,"changed":false,"changes":[],"reservation":' .. raw .. '}'
end
if reservation.status == 'confirmed' then
  return refuse('RESERVATION_NOT_ACTIVE', { reservationId = id, status = 'confirmed' })
end
local json, changes = settle(reservation, 'released', tonumber(ARGV[2]))
return '{"ok":true,"changed":true,"reservation":' .. json .. ',"changes":' .. changes .. '}'
