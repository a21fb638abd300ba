-- InventoryStore.getReservation: the reservation as stored.
-- KEYS[1]  reservations hash
-- ARGV[1]  reservation id
-- Returns  the reservation's record in brackets (lib/inventory-reservation.lua), nil when unknown
local record = redis.call('HGET', KEYS[1], ARGV[1])
return record and ('[' .. record .. ']')
