-- Counts the interactions in the log.
-- KEYS[1]  time index (sorted set)
-- Returns  the count as a JSON number
return tostring(redis.call('ZCARD', KEYS[1]))
