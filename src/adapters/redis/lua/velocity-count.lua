-- Counts the distinct members of one window key seen at or after each of several times
-- (e.g. the last hour and the last day: one call per key, not per window).
-- KEYS[1]  the window sorted set
-- ARGV[1..] since, epoch ms (inclusive), one per count wanted
-- Returns  the counts as a JSON array, in ARGV order
local counts = {}
for i = 1, #ARGV do
  counts[i] = string.format('%d', redis.call('ZCOUNT', KEYS[1], ARGV[i], '+inf'))
end
return '[' .. table.concat(counts, ',') .. ']'
