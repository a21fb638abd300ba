-- The group's last settled sequence of aggregates of one partition.
-- KEYS[1]  the group's settled hash of the partition
-- ARGV     aggregate ids
-- Returns  a JSON array of numbers, in the order asked
local out = {}
for i = 1, #ARGV do out[i] = redis.call('HGET', KEYS[1], ARGV[i]) or '0' end
return '[' .. table.concat(out, ',') .. ']'
