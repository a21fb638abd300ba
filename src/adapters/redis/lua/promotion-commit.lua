-- Turns a hold's reserved uses into committed ones, counted in the usage hashes for good.
-- Idempotent. A hold with an expiry leaves the lapsing sets; one that lapsed by NOW is
-- counted again only if every limit still has room (promotion-reserve.lua's checks).
-- KEYS[1]  the hold hash
-- KEYS[2]  definitions hash
-- KEYS[3]  overall usage hash
-- KEYS[4]  per-customer usage hash
-- KEYS[5]  overall lapsing set
-- KEYS[6]  per-customer lapsing set
-- ARGV[1]  NOW in 16 digits, '' when the caller gave no time (nothing lapses then)
-- KEYS[7], ARGV[last]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}', '{"code":"not_found"}' (nothing written) or
--          '{"code":"limit_reached","promotionId":ID,"scope":"overall"|"customer"}' (nothing
--          written but lapsed members)
--#include replay
--#include promotion-lapse
local first = replayed() if first then return first end
local hold = redis.call('HMGET', KEYS[1], 'state', 'expires', 'members', 'cmembers', 'ids', 'customer', 'prefixes')
if not hold[1] then return '{"code":"not_found"}' end
if hold[1] == 'reserved' and hold[2] then
  local now = ARGV[1]
  local ids, fields, prefixes = cjson.decode(hold[5]), cjson.decode(hold[6]), cjson.decode(hold[7])
  unlist(KEYS[5], hold[3])
  unlist(KEYS[6], hold[4])
  if lapsed(hold[1], hold[2], now) then
    for i, id in ipairs(ids) do
      local promotion = cjson.decode(redis.call('HGET', KEYS[2], id) or '{}')
      if type(promotion.usageLimit) == 'number' and counted(KEYS[3], KEYS[5], id, prefixes[i], now) >= promotion.usageLimit then
        return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"overall"}'
      end
      local field = fields[i]
      if field and type(promotion.perCustomerLimit) == 'number' and counted(KEYS[4], KEYS[6], field, field, now) >= promotion.perCustomerLimit then
        return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"customer"}'
      end
    end
  end
  for _, id in ipairs(ids) do redis.call('HINCRBY', KEYS[3], id, 1) end
  for _, field in ipairs(fields) do redis.call('HINCRBY', KEYS[4], field, 1) end
  redis.call('HDEL', KEYS[1], 'expires', 'members', 'cmembers', 'prefixes')
end
redis.call('HSET', KEYS[1], 'state', 'committed')
return applied('{"code":"ok"}')
