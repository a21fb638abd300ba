-- Notes when a parked event was first received, in the index the retention purge reads
-- (payment-store.ts: written before the event is parked, in its own slot).
-- KEYS[1]  the parked events expiry index (sorted set: JSON [paymentId, eventId] -> receivedAt)
-- ARGV[1]  the member
-- ARGV[2]  receivedAt (ms); a member noted before keeps its first time
-- Returns  'true'
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
return 'true'
