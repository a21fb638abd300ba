-- One shard's part of a listing page: the sort keys of the entries for one status or one
-- customer, after the cursor, in the asked direction. The caller merges the shards.
-- KEYS[1]  the shard's status or customer index
-- ARGV[1]  the status or customer id
-- ARGV[2]  the cursor: the sort key to start after ('' for the first page)
-- ARGV[3]  how many to answer at most
-- ARGV[4]  'asc' or 'desc'
-- Returns  '[sort key, ...]' as JSON strings
local head = ARGV[1] .. '\0'
local stop = ARGV[1] .. '\1'
local found
if ARGV[4] == 'asc' then
  local from = '[' .. head
  if ARGV[2] ~= '' then from = '(' .. head .. ARGV[2] end
  found = redis.call('ZRANGEBYLEX', KEYS[1], from, '(' .. stop, 'LIMIT', 0, tonumber(ARGV[3]))
else
  local from = '(' .. stop
  if ARGV[2] ~= '' then from = '(' .. head .. ARGV[2] end
  found = redis.call('ZREVRANGEBYLEX', KEYS[1], from, '[' .. head, 'LIMIT', 0, tonumber(ARGV[3]))
end
local keys = {}
for i, member in ipairs(found) do
  keys[i] = cjson.encode(string.sub(member, #head + 1))
end
return '[' .. table.concat(keys, ',') .. ']'
