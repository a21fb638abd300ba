-- Parks a webhook event for a payment that is not stored yet. Runs in the payment's slot,
-- so it is atomic with payment-create: an event is either parked before the payment
-- exists (and create answers it) or refused because the payment is there.
-- KEYS[1]  the payment hash
-- KEYS[2]  the parked events hash
-- KEYS[3]  the parked events order list
-- ARGV[1]  the event id
-- ARGV[2]  the parked event as JSON
-- Returns  '"payment_exists"' (nothing kept) or '"parked"' (kept once per event id)
if redis.call('EXISTS', KEYS[1]) == 1 then return '"payment_exists"' end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[3], ARGV[1])
end
return '"parked"'
