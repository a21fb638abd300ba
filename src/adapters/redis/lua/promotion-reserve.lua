-- Reserves one use of each promotion for a hold, all or nothing: every limit is checked
-- before anything is counted, in this one script, so the last use goes to one hold only.
-- A hold without an expiry counts in the usage hashes; a hold with one counts as one member
-- per promotion (and per promotion and customer) in the lapsing sorted sets, all at score 0
-- and ordered by text: PREFIX,EXPIRY,HOLD with PREFIX the JSON of the promotion id (or the
-- per-customer field) and EXPIRY in 16 digits, so the members of one prefix that lapsed by
-- NOW are one text range, removed before a limit is read.
-- KEYS[1]  definitions hash
-- KEYS[2]  overall usage hash
-- KEYS[3]  per-customer usage hash
-- KEYS[4]  the hold hash (state, ids, customer fields; with an expiry also the expiry, the
--          overall prefixes and its lapsing members)
-- KEYS[5]  overall lapsing set
-- KEYS[6]  per-customer lapsing set
-- ARGV[1]  the promotion ids as a JSON array (kept in the hold for release)
-- ARGV[2]  the per-customer fields as a JSON array, '[]' without a customer
-- ARGV[3]  n, the number of promotions (distinct)
-- ARGV[4]  '1' when there is a customer, '0' otherwise
-- ARGV[5]  NOW in 16 digits
-- ARGV[6]  the hold's EXPIRY in 16 digits, '' when it never lapses
-- ARGV[7]  its overall lapsing members as a JSON array ('[]' without an expiry)
-- ARGV[8]  its per-customer lapsing members as a JSON array
-- ARGV[9..8+n]       the promotion ids
-- ARGV[9+n..8+2n]    their JSON (the overall prefix)
-- ARGV[9+2n..8+3n]   their per-customer fields (only when there is a customer)
-- KEYS[7], ARGV[last]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}', '{"code":"not_found","promotionId":ID}' or
--          '{"code":"limit_reached","promotionId":ID,"scope":"overall"|"customer"}' (the
--          last two write nothing but lapsed members)
--#include replay
--#include promotion-lapse
local first = replayed() if first then return first end
local now = ARGV[5]
local hold = redis.call('HMGET', KEYS[4], 'state', 'expires', 'members', 'cmembers')
-- A hold id reserved before answers ok and writes nothing, so there is nothing to record;
-- one that lapsed is forgotten and reserved anew.
if hold[1] then
  if not lapsed(hold[1], hold[2], now) then return '{"code":"ok"}' end
  unlist(KEYS[5], hold[3])
  unlist(KEYS[6], hold[4])
  redis.call('DEL', KEYS[4])
end
local n = tonumber(ARGV[3])
local has_customer = ARGV[4] == '1'
for i = 1, n do
  local id = ARGV[8 + i]
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then return '{"code":"not_found","promotionId":' .. cjson.encode(id) .. '}' end
  local promotion = cjson.decode(raw)
  local limit = promotion.usageLimit
  if type(limit) == 'number' and counted(KEYS[2], KEYS[5], id, ARGV[8 + n + i], now) >= limit then
    return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"overall"}'
  end
  local per_customer = promotion.perCustomerLimit
  if has_customer and type(per_customer) == 'number' then
    local field = ARGV[8 + 2 * n + i]
    if counted(KEYS[3], KEYS[6], field, field, now) >= per_customer then
      return '{"code":"limit_reached","promotionId":' .. cjson.encode(id) .. ',"scope":"customer"}'
    end
  end
end
if ARGV[6] == '' then
  for i = 1, n do
    redis.call('HINCRBY', KEYS[2], ARGV[8 + i], 1)
    if has_customer then redis.call('HINCRBY', KEYS[3], ARGV[8 + 2 * n + i], 1) end
  end
  redis.call('HSET', KEYS[4], 'state', 'reserved', 'ids', ARGV[1], 'customer', ARGV[2])
else
  local prefixes = {}
  for i = 1, n do prefixes[i] = ARGV[8 + n + i] end
  enlist(KEYS[5], ARGV[7])
  enlist(KEYS[6], ARGV[8])
  redis.call('HSET', KEYS[4], 'state', 'reserved', 'ids', ARGV[1], 'customer', ARGV[2], 'expires', ARGV[6], 'prefixes', cjson.encode(prefixes), 'members', ARGV[7], 'cmembers', ARGV[8])
end
return applied('{"code":"ok"}')
