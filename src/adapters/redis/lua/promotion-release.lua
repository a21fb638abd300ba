-- Gives a reserved hold's uses back and forgets the hold (a second release: not_found; the
-- same release sent again: its first ok). A hold with an expiry leaves the lapsing sets
-- (lapsed or not: a lapsed one stopped counting already, so nothing is given back twice).
-- KEYS[1]  the hold hash
-- KEYS[2]  overall usage hash
-- KEYS[3]  per-customer usage hash
-- KEYS[4]  overall lapsing set
-- KEYS[5]  per-customer lapsing set
-- KEYS[6], ARGV[1]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}', '{"code":"not_found"}' or '{"code":"already_committed"}' (the
--          last two write nothing)
--#include replay
--#include promotion-lapse
local first = replayed() if first then return first end
local hold = redis.call('HMGET', KEYS[1], 'state', 'ids', 'customer', 'expires', 'members', 'cmembers')
if not hold[1] then return '{"code":"not_found"}' end
if hold[1] == 'committed' then return '{"code":"already_committed"}' end
if hold[4] then
  unlist(KEYS[4], hold[5])
  unlist(KEYS[5], hold[6])
else
  -- Both lists decoded before the first write: a script that fails half-way keeps its writes.
  local ids, fields = cjson.decode(hold[2]), cjson.decode(hold[3])
  for _, id in ipairs(ids) do redis.call('HINCRBY', KEYS[2], id, -1) end
  for _, field in ipairs(fields) do redis.call('HINCRBY', KEYS[3], field, -1) end
end
redis.call('DEL', KEYS[1])
return applied('{"code":"ok"}')
