-- Lists the automatic promotions (no code), ordered by id.
-- KEYS[1]  automatic set
-- KEYS[2]  definitions hash
-- Returns  JSON array of the definitions, spliced as stored ('[]' when none)
local ids = redis.call('SMEMBERS', KEYS[1])
if #ids == 0 then return '[]' end
table.sort(ids)
local found = {}
for _, raw in ipairs(redis.call('HMGET', KEYS[2], unpack(ids))) do
  if raw then found[#found + 1] = raw end
end
return '[' .. table.concat(found, ',') .. ']'
