-- Counts the distinct members of one window key seen at or after a time.
-- KEYS[1]  the window sorted set
-- ARGV[1]  since, epoch ms (inclusive)
-- Returns  the count as a JSON number
return string.format('%d', redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf'))
