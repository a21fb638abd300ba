-- Reads one product record.
-- KEYS[1]  the product hash
-- Returns  the product JSON as stored, or nil
return redis.call('HGET', KEYS[1], 'doc')
