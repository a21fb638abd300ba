-- InventoryStore.listMovements: one SKU's movements with seq > afterSeq, in seq order.
-- KEYS[1]  the SKU's ledger (a list of movement JSON, seqs rising)
-- ARGV[1]  afterSeq (0 for the start)
-- ARGV[2]  limit
-- Returns  a JSON array of movement JSON
local ledger, after, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local function seq_at(index)
  return tonumber(string.match(redis.call('LINDEX', ledger, index), '^{"seq":(%d+)'))
end
-- The first index whose seq is past afterSeq, by binary search (a page from the start, the
-- common case, reads no entry).
local low, high = 0, after > 0 and redis.call('LLEN', ledger) or 0
while low < high do
  local middle = math.floor((low + high) / 2)
  if seq_at(middle) <= after then low = middle + 1 else high = middle end
end
return '[' .. table.concat(redis.call('LRANGE', ledger, low, low + limit - 1), ',') .. ']'
