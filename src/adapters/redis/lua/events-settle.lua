-- Ends a delivery in one step: the group's settled sequence of the aggregate moves up to the
-- event's (never down), the entry is acknowledged, and a dead letter is kept when given.
-- Safe to run twice.
-- KEYS[1]  the partition stream, KEYS[2] the group's settled hash, KEYS[3] its dead letters
-- ARGV[1]  group, ARGV[2] entry id, ARGV[3] aggregate id, ARGV[4] sequence, ARGV[5] event id,
-- ARGV[6]  the dead letter as JSON, or '' for none
-- Returns  1
local seq = tonumber(ARGV[4])
if (tonumber(redis.call('HGET', KEYS[2], ARGV[3])) or 0) < seq then
  redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], ARGV[5], ARGV[6]) end
return 1
