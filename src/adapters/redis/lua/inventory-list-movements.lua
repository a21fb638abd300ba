-- InventoryStore.listMovements: one SKU's movements with seq > afterSeq, in seq order.
-- KEYS[1]  ledger sorted set (members <#sku>:<sku>:<seq %016d><movement JSON>, all score 0)
-- ARGV[1]  sku
-- ARGV[2]  afterSeq (0 for the start)
-- ARGV[3]  limit
-- Returns  a JSON array of movement JSON
local head = #ARGV[1] .. ':' .. ARGV[1] .. ':'
local from = '[' .. head .. string.format('%016d', tonumber(ARGV[2]) + 1)
-- ';' sorts right after the digits, so this bound closes the SKU's range.
local members = redis.call('ZRANGEBYLEX', KEYS[1], from, '(' .. head .. ';', 'LIMIT', 0, tonumber(ARGV[3]))
local parts = {}
for i, member in ipairs(members) do parts[i] = string.sub(member, #head + 17) end
return '[' .. table.concat(parts, ',') .. ']'
