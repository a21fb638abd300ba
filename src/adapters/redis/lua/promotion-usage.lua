-- Reads the counted uses (committed + reserved) of one promotion: the usage hashes, plus the
-- holds with an expiry still live at NOW (promotion-reserve.lua explains the lapsing sets).
-- KEYS[1]  overall usage hash      (id -> count)
-- KEYS[2]  per-customer usage hash (JSON [id, customer] -> count)
-- KEYS[3]  overall lapsing set
-- KEYS[4]  per-customer lapsing set
-- ARGV[1]  promotion id
-- ARGV[2]  per-customer field, or '' when no customer
-- ARGV[3]  the promotion id's JSON (its prefix in the overall lapsing set)
-- ARGV[4]  NOW in 16 digits, or '' to count every hold not yet removed
-- Returns  '{"used":N,"usedByCustomer":M}'
local function live(key, prefix)
  local low = ARGV[4] == '' and '[' .. prefix .. ',' or '(' .. prefix .. ',' .. ARGV[4] .. ',\255'
  return redis.call('ZLEXCOUNT', key, low, '[' .. prefix .. ',\255')
end
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + live(KEYS[3], ARGV[3])
local by_customer = 0
if ARGV[2] ~= '' then by_customer = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') + live(KEYS[4], ARGV[2]) end
return string.format('{"used":%d,"usedByCustomer":%d}', used, by_customer)
