-- InventoryStore.extend: moves the expiry of an active, unexpired reservation and re-indexes it.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  reservation id
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  now, epoch ms
-- Returns  {"ok":true,"reservation":{...}} or
--          {"ok":false,"code":"RESERVATION_NOT_FOUND"|"RESERVATION_NOT_ACTIVE","details":{...}}
--#include inventory-common
local id = ARGV[1]
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return refuse('RESERVATION_NOT_FOUND', { reservationId = id }) end
local reservation = cjson.decode(raw)
local status = reservation.status
if status == 'active' and tonumber(ARGV[3]) >= reservation.expiresAt then status = 'expired' end
if status ~= 'active' then
  return refuse('RESERVATION_NOT_ACTIVE', { reservationId = id, status = status, expiresAt = reservation.expiresAt })
end
reservation.expiresAt = tonumber(ARGV[2])
local json = enc_reservation(reservation)
redis.call('HSET', KEYS[2], id, json)
redis.call('ZADD', KEYS[3], ARGV[2], id)
return '{"ok":true,"reservation":' .. json .. '}'
