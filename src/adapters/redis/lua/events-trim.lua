-- Drops the entries of a partition older than the retention that every group was handed
-- and settled: XTRIM MINID to the oldest of (now - retention, each group's last handed
-- entry, each group's oldest pending entry).
-- KEYS[1]  the partition stream
-- ARGV[1]  retention ms
-- Returns  how many entries were dropped
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local t = redis.call('TIME')
local cut_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1])
local min_ms, min_seq = cut_ms, 0
local function lower(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  ms, seq = tonumber(ms), tonumber(seq)
  if ms < min_ms or (ms == min_ms and seq < min_seq) then min_ms, min_seq = ms, seq end
end
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local f = {}
  for j = 1, #g, 2 do f[g[j]] = g[j + 1] end
  -- The entry after the last handed one is the oldest the group may still need.
  local ms, seq = string.match(f['last-delivered-id'], '^(%d+)-(%d+)$')
  lower(ms .. '-' .. (tonumber(seq) + 1))
  if tonumber(f['pending']) > 0 then lower(redis.call('XPENDING', KEYS[1], f['name'])[2]) end
end
if min_ms <= 0 then return 0 end
return redis.call('XTRIM', KEYS[1], 'MINID', string.format('%.0f-%.0f', min_ms, min_seq))
