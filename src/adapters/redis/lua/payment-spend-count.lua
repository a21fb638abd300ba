-- Counts a payment into its customer's spend in one currency, once per payment id: the
-- marker field makes a repeat (a retry, or the repair on a later commit) change nothing.
-- KEYS[1]  the spend hash of one customer and currency
--          (fields count, total, max, and p:<payment id> markers)
-- ARGV[1]  the payment id
-- ARGV[2]  the payment amount, integer minor units
-- Returns  'true' when counted now, 'false' when it was already counted,
--          '{"err":"VALIDATION_FAILED"}' (nothing written) for an amount that is not a
--          non-negative safe integer
-- Checked before any write (Redis does not roll back a script that fails half-way): plain
-- digits of a safe integer, which HINCRBY takes.
if not string.match(ARGV[2], '^%d+$') or tonumber(ARGV[2]) > 9007199254740991 then
  return '{"err":"VALIDATION_FAILED","reason":"amountMinor must be a non-negative safe integer"}'
end
local amount = tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'p:' .. ARGV[1]) == 1 then return 'false' end
-- The total first: the one write that can still fail (past 2^63) then fails alone.
redis.call('HINCRBY', KEYS[1], 'total', ARGV[2])
redis.call('HSET', KEYS[1], 'p:' .. ARGV[1], '1')
redis.call('HINCRBY', KEYS[1], 'count', 1)
local max = tonumber(redis.call('HGET', KEYS[1], 'max') or '0')
if amount > max then redis.call('HSET', KEYS[1], 'max', ARGV[2]) end
return 'true'
