-- Reads orders of one shard.
-- KEYS     the order hashes (all in one shard slot)
-- Returns  '[order JSON or null, ...]' in the order of KEYS
local docs = {}
for i, key in ipairs(KEYS) do
  docs[i] = redis.call('HGET', key, 'doc') or 'null'
end
return '[' .. table.concat(docs, ',') .. ']'
