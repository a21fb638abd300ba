-- Reserves one use of each promotion for a hold, all or nothing: every limit is checked
-- before anything is counted, in this one script, so the last use goes to one hold only.
-- KEYS[1]  definitions hash
-- KEYS[2]  overall usage hash
-- KEYS[3]  per-customer usage hash
-- KEYS[4]  the hold hash (state, ids, customer fields)
-- ARGV[1]  the promotion ids as a JSON array (kept in the hold for release)
-- ARGV[2]  the per-customer fields as a JSON array, '[]' without a customer
-- ARGV[3]  n, the number of promotions (distinct)
-- ARGV[4]  '1' when there is a customer, '0' otherwise
-- ARGV[5..4+n]     the promotion ids
-- ARGV[5+n..4+2n]  their per-customer fields (only when there is a customer)
-- KEYS[5], ARGV[last]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}', '{"code":"not_found","promotionId":ID}' or
--          '{"code":"limit_reached","promotionId":ID,"scope":"overall"|"customer"}' (the
--          last two write nothing)
--#include replay
local first = replayed() if first then return first end
-- A hold id reserved before answers ok and writes nothing, so there is nothing to record.
if redis.call('EXISTS', KEYS[4]) == 1 then return '{"code":"ok"}' end
local n = tonumber(ARGV[3])
local has_customer = ARGV[4] == '1'
for i = 1, n do
  local id = ARGV[4 + i]
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then return '{"code":"not_found","promotionId":' .. cjson.encode(id) .. '}' end
  local promotion = cjson.decode(raw)
  local limit = promotion.usageLimit
  if type(limit) == 'number' and tonumber(redis.call('HGET', KEYS[2], id) or '0') >= limit then
    return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"overall"}'
  end
  local per_customer = promotion.perCustomerLimit
  if has_customer and type(per_customer) == 'number' and tonumber(redis.call('HGET', KEYS[3], ARGV[4 + n + i]) or '0') >= per_customer then
    return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"customer"}'
  end
end
for i = 1, n do
  redis.call('HINCRBY', KEYS[2], ARGV[4 + i], 1)
  if has_customer then redis.call('HINCRBY', KEYS[3], ARGV[4 + n + i], 1) end
end
redis.call('HSET', KEYS[4], 'state', 'reserved', 'ids', ARGV[1], 'customer', ARGV[2])
return applied('{"code":"ok"}')
