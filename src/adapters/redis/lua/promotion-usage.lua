-- Reads the counted uses (committed + reserved) of one promotion.
-- KEYS[1]  overall usage hash      (id -> count)
-- KEYS[2]  per-customer usage hash (JSON [id, customer] -> count)
-- ARGV[1]  promotion id
-- ARGV[2]  per-customer field, or '' when no customer
-- Returns  '{"used":N,"usedByCustomer":M}'
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local by_customer = 0
if ARGV[2] ~= '' then by_customer = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') end
return string.format('{"used":%d,"usedByCustomer":%d}', used, by_customer)
