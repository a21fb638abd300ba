-- Drops one dead letter.
-- KEYS[1]  the group's dead-letter hash of the partition
-- ARGV[1]  the event id
-- Returns  1 when it was there, else 0
return redis.call('HDEL', KEYS[1], ARGV[1])
