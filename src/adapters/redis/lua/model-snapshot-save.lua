-- Saves a model snapshot as the next version of one name and drops versions beyond `keep`.
-- KEYS[1]  version counter of the name (string; never reset, so versions are never reused)
-- KEYS[2]  version index (sorted set: score = version, member = info JSON)
-- KEYS[3]  snapshot data (hash: field = version, value = snapshot JSON text)
-- ARGV[1]  name
-- ARGV[2]  trainedAt, epoch ms
-- ARGV[3]  savedAt, epoch ms (the Clock port's time)
-- ARGV[4]  keep: versions kept per name (>= 1)
-- ARGV[5]  byte length of the snapshot JSON
-- ARGV[6]  snapshot JSON text
-- KEYS[4], ARGV[7]  the operation key and replay window (lib/replay.lua): a save sent again
--          makes no second version
-- Returns  the info JSON of the saved version
--#include replay
local first = replayed() if first then return first end
-- Read before the first write: a script that fails half-way keeps what it wrote.
local keep = tonumber(ARGV[4])
if not keep or keep < 1 then return '{"err":"VALIDATION_FAILED","reason":"keep must be a positive integer"}' end
local version = redis.call('INCR', KEYS[1])
local info = '{"name":' .. cjson.encode(ARGV[1]) .. ',"version":' .. version .. ',"trainedAt":' .. ARGV[2] ..
  ',"savedAt":' .. ARGV[3] .. ',"bytes":' .. ARGV[5] .. '}'
redis.call('HSET', KEYS[3], tostring(version), ARGV[6])
redis.call('ZADD', KEYS[2], version, info)
local excess = redis.call('ZCARD', KEYS[2]) - keep
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1, 'WITHSCORES')
  for i = 2, #old, 2 do
    redis.call('HDEL', KEYS[3], old[i])
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
end
return applied(info)
