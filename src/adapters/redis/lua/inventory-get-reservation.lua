-- InventoryStore.getReservation: the reservation as stored.
-- KEYS[1]  reservations hash
-- ARGV[1]  reservation id
-- Returns  the reservation JSON, when unknown
return redis.call('HGET', KEYS[1], ARGV[1])
