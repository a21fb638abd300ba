-- InventoryStore.listMovements: one SKU's movements with seq > afterSeq, in seq order, from
-- its list and from the shared sorted set (lib/inventory-ledger.lua has which holds what).
-- KEYS[1]  the SKU's ledger list (movement JSON, seqs rising)
-- KEYS[2]  the shared ledger sorted set (members <#sku>:<sku>:<seq %016d><movement JSON>)
-- ARGV[1]  sku
-- ARGV[2]  afterSeq (0 for the start)
-- ARGV[3]  limit
-- Returns  a JSON array of movement JSON
local list, sku, after, limit = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
-- The seq of a list entry (movement JSON starts with it).
local function seq_of(movement)
  return tonumber(string.match(movement, '^{"seq":(%d+)'))
end

-- From the list: the first index past afterSeq by binary search (none read for a page from
-- the start), then at most `limit` movements.
local low, high = 0, after > 0 and redis.call('LLEN', list) or 0
while low < high do
  local middle = math.floor((low + high) / 2)
  if seq_of(redis.call('LINDEX', list, middle)) <= after then low = middle + 1 else high = middle end
end
local listed = redis.call('LRANGE', list, low, low + limit - 1)

-- From the sorted set: at most `limit` members of this SKU past afterSeq. ';' sorts right
-- after the digits, so the upper bound closes the SKU's range.
local head = #sku .. ':' .. sku .. ':'
local members = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. head .. string.format('%016d', after + 1), '(' .. head .. ';', 'LIMIT', 0, limit)

-- Both are in seq order: merge them, the first `limit`.
local out, i, j = {}, 1, 1
while #out < limit and (i <= #listed or j <= #members) do
  local from_list = j > #members
  if not from_list and i <= #listed then
    from_list = seq_of(listed[i]) < tonumber(string.sub(members[j], #head + 1, #head + 16))
  end
  if from_list then
    out[#out + 1], i = listed[i], i + 1
  else
    out[#out + 1], j = string.sub(members[j], #head + 17), j + 1
  end
end
return '[' .. table.concat(out, ',') .. ']'
