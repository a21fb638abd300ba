-- The next ids of a listing, from the listing index.
-- KEYS[1]  the listing index (sorted set, all scores 0, members '<filter prefix><id>')
-- ARGV[1]  the filter prefix of the listing
-- ARGV[2]  the id to start after, '' to start at the first
-- ARGV[3]  how many ids at most
-- Returns  a JSON array of the ids, in byte order
local prefix = ARGV[1]
local from = ARGV[2] == '' and ('[' .. prefix) or ('(' .. prefix .. ARGV[2])
-- Byte 0xFF never occurs in UTF-8, so it closes every member of the prefix.
local found = redis.call('ZRANGEBYLEX', KEYS[1], from, '(' .. prefix .. '\255', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i, member in ipairs(found) do out[i] = cjson.encode(string.sub(member, #prefix + 1)) end
return '[' .. table.concat(out, ',') .. ']'
