-- Reads one page of an interaction index (the time index or one user's), oldest first.
-- Pages split only between distinct times: a page that reaches ARGV[3] entries is extended
-- with every remaining entry of its last time, so the next page can start strictly after it.
-- KEYS[1]  the sorted set to read
-- ARGV[1]  min score as ZRANGEBYSCORE takes it ("-inf", a time, or "(" .. time, exclusive)
-- ARGV[2]  max score ("+inf" or "(" .. time, exclusive)
-- ARGV[3]  page size
-- Returns  '{"items":[...],"next":T}': the stored interactions (member text after the "|"),
--          and T the last time read when more may follow (the next page's min is "(" .. T),
--          or null when this page ends the range
local size = tonumber(ARGV[3])
local page = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES', 'LIMIT', 0, size)
local out = {}
for i = 1, #page, 2 do
  out[#out + 1] = string.sub(page[i], 18)
end
local next_min = 'null'
if #page == size * 2 then
  local last_member, last_score = page[#page - 1], page[#page]
  local ties = redis.call('ZRANGEBYSCORE', KEYS[1], last_score, last_score)
  local seen = false
  for _, member in ipairs(ties) do
    if seen then out[#out + 1] = string.sub(member, 18) end
    if member == last_member then seen = true end
  end
  next_min = cjson.encode(last_score)
end
return '{"items":[' .. table.concat(out, ',') .. '],"next":' .. next_min .. '}'
