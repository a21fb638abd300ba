-- Reads a slice of an interaction index (the time index or one user's), oldest first.
-- KEYS[1]  the sorted set to read
-- ARGV[1]  min score as ZRANGEBYSCORE takes it ("-inf" or a time, inclusive)
-- ARGV[2]  max score ("+inf" or "(" .. time, exclusive)
-- Returns  a JSON array of the stored interactions (the member text after the "|")
local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2])
local out = {}
for i, member in ipairs(members) do
  out[i] = string.sub(member, 18)
end
return '[' .. table.concat(out, ',') .. ']'
