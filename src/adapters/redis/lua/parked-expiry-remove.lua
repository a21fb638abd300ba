-- Removes members from the parked events expiry index (their events were applied or dropped).
-- KEYS[1]  the parked events expiry index
-- ARGV     the members
-- Returns  'true'
redis.call('ZREM', KEYS[1], unpack(ARGV))
return 'true'
