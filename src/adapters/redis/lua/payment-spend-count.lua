-- Counts a payment into its customer's spend in one currency, once per payment id: the
-- marker field makes a repeat (a retry, or the repair on a later commit) change nothing.
-- KEYS[1]  the spend hash of one customer and currency
--          (fields count, total, max, and p:<payment id> markers)
-- ARGV[1]  the payment id
-- ARGV[2]  the payment amount, integer minor units
-- Returns  'true' when counted now, 'false' when it was already counted,
--          '{"err":"VALIDATION_FAILED"}' (nothing written) for a non-integer amount
local amount = tonumber(ARGV[2])
-- Checked before any write: Redis does not roll back a script that fails half-way.
if not amount or amount ~= math.floor(amount) or amount < 0 then
  return '{"err":"VALIDATION_FAILED","reason":"amountMinor must be a non-negative integer"}'
end
if redis.call('HSETNX', KEYS[1], 'p:' .. ARGV[1], '1') == 0 then return 'false' end
redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('HINCRBY', KEYS[1], 'total', ARGV[2])
local max = tonumber(redis.call('HGET', KEYS[1], 'max') or '0')
if amount > max then redis.call('HSET', KEYS[1], 'max', ARGV[2]) end
return 'true'
