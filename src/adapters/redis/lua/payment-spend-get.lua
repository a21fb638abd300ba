-- Reads a customer's spend in one currency.
-- KEYS[1]  the spend hash of one customer and currency
-- Returns  '{"count":n,"totalMinor":n,"maxMinor":n}' (integers as Redis stored them)
local values = redis.call('HMGET', KEYS[1], 'count', 'total', 'max')
return '{"count":' .. (values[1] or '0') .. ',"totalMinor":' .. (values[2] or '0') ..
  ',"maxMinor":' .. (values[3] or '0') .. '}'
