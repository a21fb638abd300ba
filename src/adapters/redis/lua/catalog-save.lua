-- Compare-and-set of one product record on its version (0: the product must not exist).
-- KEYS[1]  the product hash (fields v = version, doc = the product JSON)
-- ARGV[1]  the expected stored version
-- ARGV[2]  the product as JSON, version already expected + 1
-- KEYS[2]  the shard's event stream, KEYS[3] its event sequence hash (lib/events.lua)
-- ARGV[3..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[4], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true,"product":<doc>}', '{"ok":false,"reason":"conflict","current":<doc>}'
--          or '{"ok":false,"reason":"not_found"}' (the last two write nothing)
--#include replay
--#include events
local first = replayed() if first then return first end
local found = redis.call('HMGET', KEYS[1], 'v', 'doc')
local expected = tonumber(ARGV[1])
if found[1] and tonumber(found[1]) ~= expected then
  return '{"ok":false,"reason":"conflict","current":' .. found[2] .. '}'
end
if not found[1] and expected ~= 0 then return '{"ok":false,"reason":"not_found"}' end
redis.call('HSET', KEYS[1], 'v', string.format('%d', expected + 1), 'doc', ARGV[2])
record_events(KEYS[2], KEYS[3], 3)
return applied('{"ok":true,"product":' .. ARGV[2] .. '}')
