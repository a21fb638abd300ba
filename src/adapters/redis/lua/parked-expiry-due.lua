-- The oldest members of the parked events expiry index received before a time.
-- KEYS[1]  the parked events expiry index
-- ARGV[1]  receivedBefore (ms, exclusive)
-- ARGV[2]  the most members to answer
-- Returns  a JSON array of the members (each the JSON [paymentId, eventId])
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #members == 0 then return '[]' end
return '[' .. table.concat(members, ',') .. ']'
