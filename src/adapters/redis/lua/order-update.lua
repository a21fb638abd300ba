-- Compare-and-set of an order on its version, moving its index entries in the same step.
-- The number and createdAt never change: they are spliced in from the stored order, so
-- the caller's JSON is never decoded here (cjson would turn [] into {}).
-- KEYS[1]  the order hash
-- KEYS[2]  the shard's status index
-- KEYS[3]  the shard's customer index
-- ARGV[1]  the expected stored version
-- ARGV[2]  the new order as JSON without number, createdAt, version and the closing brace
-- ARGV[3]  the new status
-- ARGV[4]  the new customer id ('' when none)
-- ARGV[5]  '1' when the order has a customer id, else '0'
-- KEYS[4]  the shard's event stream, KEYS[5] its event sequence hash (lib/events.lua)
-- ARGV[6..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[6], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true,"order":<order JSON>}', '{"ok":false,"reason":"not_found"}' or
--          '{"ok":false,"reason":"conflict","current":<order JSON>}' (nothing written)
--#include replay
--#include events
local first = replayed() if first then return first end
local s = redis.call('HMGET', KEYS[1], 'v', 'doc', 'st', 'sk', 'num', 'ca', 'cu')
if not s[1] then return '{"ok":false,"reason":"not_found"}' end
if tonumber(s[1]) ~= tonumber(ARGV[1]) then
  return '{"ok":false,"reason":"conflict","current":' .. s[2] .. '}'
end
local version = string.format('%d', tonumber(s[1]) + 1)
local doc = ARGV[2] .. ',"number":' .. cjson.encode(s[5]) .. ',"createdAt":' .. s[6] ..
  ',"version":' .. version .. '}'
local sk = s[4]
if s[3] ~= ARGV[3] then
  redis.call('ZREM', KEYS[2], s[3] .. '\0' .. sk)
  redis.call('ZADD', KEYS[2], 0, ARGV[3] .. '\0' .. sk)
end
local customer = false
if ARGV[5] == '1' then customer = ARGV[4] end
if s[7] ~= customer then
  if s[7] then redis.call('ZREM', KEYS[3], s[7] .. '\0' .. sk) end
  if customer then
    redis.call('ZADD', KEYS[3], 0, customer .. '\0' .. sk)
    redis.call('HSET', KEYS[1], 'cu', customer)
  else
    redis.call('HDEL', KEYS[1], 'cu')
  end
end
redis.call('HSET', KEYS[1], 'v', version, 'doc', doc, 'st', ARGV[3])
record_events(KEYS[4], KEYS[5], 6)
return applied('{"ok":true,"order":' .. doc .. '}')
