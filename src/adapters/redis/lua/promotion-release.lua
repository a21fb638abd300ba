-- Gives a reserved hold's uses back and forgets the hold (a second release: not_found).
-- KEYS[1]  the hold hash
-- KEYS[2]  overall usage hash
-- KEYS[3]  per-customer usage hash
-- Returns  '{"code":"ok"}', '{"code":"not_found"}' or '{"code":"already_committed"}'
local hold = redis.call('HMGET', KEYS[1], 'state', 'ids', 'customer')
if not hold[1] then return '{"code":"not_found"}' end
if hold[1] == 'committed' then return '{"code":"already_committed"}' end
for _, id in ipairs(cjson.decode(hold[2])) do redis.call('HINCRBY', KEYS[2], id, -1) end
for _, field in ipairs(cjson.decode(hold[3])) do redis.call('HINCRBY', KEYS[3], field, -1) end
redis.call('DEL', KEYS[1])
return '{"code":"ok"}'
