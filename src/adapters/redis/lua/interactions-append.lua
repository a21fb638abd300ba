-- Appends interactions to the log, all or none: one entry in the time index and one in its
-- user's index per interaction. Entries are "<16-digit sequence>|<json>" scored by time, so
-- equal times sort by the sequence, i.e. in append order. Every key shares one hash tag.
-- KEYS[1]  sequence counter (string)
-- KEYS[2]  time index (sorted set over the whole log)
-- KEYS[3..] one per-user index (sorted set) for each distinct user in the batch
-- ARGV     triples per interaction: time (score text), JSON, index into KEYS of its user key
-- KEYS[last], ARGV[last]  the operation key and replay window (lib/replay.lua): the lists
--          above end one before them
-- Returns  '{"count":N}' (interactions appended). Everything is checked before anything is
--          written, since a script that fails halfway keeps its earlier writes.
--#include replay
local first = replayed() if first then return first end
local n = (#ARGV - 1) / 3
local last_user_key = #KEYS - 1
for i = 0, n - 1 do
  local score = tonumber(ARGV[i * 3 + 1])
  local user = tonumber(ARGV[i * 3 + 3])
  if score == nil or score ~= score or score == math.huge or score == -math.huge or user == nil or user < 3 or user > last_user_key then
    return '{"err":"VALIDATION_FAILED","reason":"interaction time or user key is invalid"}'
  end
end
if n == 0 then return '{"count":0}' end
local first_seq = redis.call('INCRBY', KEYS[1], n) - n + 1
-- ZADD in chunks: one command per 500 entries rather than one per entry (bulk imports),
-- and well under Lua's unpack limit.
local pending = {}
local function flush(key)
  local args = pending[key]
  if args and #args > 0 then
    redis.call('ZADD', key, unpack(args))
    pending[key] = {}
  end
end
local function add(key, score, member)
  local args = pending[key]
  if not args then
    args = {}
    pending[key] = args
  end
  args[#args + 1] = score
  args[#args + 1] = member
  if #args >= 1000 then flush(key) end
end
for i = 0, n - 1 do
  local member = string.format('%016d', first_seq + i) .. '|' .. ARGV[i * 3 + 2]
  add(KEYS[2], ARGV[i * 3 + 1], member)
  add(KEYS[tonumber(ARGV[i * 3 + 3])], ARGV[i * 3 + 1], member)
end
for key in pairs(pending) do flush(key) end
return applied('{"count":' .. n .. '}')
