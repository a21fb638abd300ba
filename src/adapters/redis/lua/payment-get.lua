-- Reads a payment.
-- KEYS[1]  the payment hash
-- Returns  the record JSON as stored, or nil
return redis.call('HGET', KEYS[1], 'doc')
