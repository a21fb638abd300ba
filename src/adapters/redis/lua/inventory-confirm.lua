-- InventoryStore.confirm: turns an active, unexpired reservation into a sale.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  reservation id
-- ARGV[2]  now, epoch ms (an active reservation at or past expiresAt counts as expired)
-- Returns  {"ok":true,"reservation":{...},"changed":bool,"changes":[...]} or
--          {"ok":false,"code":"RESERVATION_NOT_FOUND"|"RESERVATION_NOT_ACTIVE","details":{...}}
--#include inventory-common
local id = ARGV[1]
local now = tonumber(ARGV[2])
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return refuse('RESERVATION_NOT_FOUND', { reservationId = id }) end
local reservation = cjson.decode(raw)
if reservation.status == 'confirmed' then
  return '{"ok":true,"changed":false,"changes":[],"reservation":' .. raw .. '}'
end
local status = reservation.status
if status == 'active' and now >= reservation.expiresAt then status = 'expired' end
if status ~= 'active' then
  return refuse('RESERVATION_NOT_ACTIVE', { reservationId = id, status = status, expiresAt = reservation.expiresAt })
end
local json, changes = settle(reservation, 'confirmed', now)
return '{"ok":true,"changed":true,"reservation":' .. json .. ',"changes":' .. changes .. '}'
