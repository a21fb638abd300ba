-- The dead letters of a group in some partitions.
-- KEYS     the group's dead-letter hashes (event id -> dead letter JSON)
-- Returns  a JSON array of dead letters
local out = {}
for _, key in ipairs(KEYS) do
  for _, letter in ipairs(redis.call('HVALS', key)) do out[#out + 1] = letter end
end
return '[' .. table.concat(out, ',') .. ']'
