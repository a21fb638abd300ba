-- Compare-and-set of a whole payment record on its version.
-- KEYS[1]  the payment hash
-- ARGV[1]  the expected stored version
-- ARGV[2]  the next record as JSON, its version already expected + 1
-- KEYS[2]  the shard's event stream, KEYS[3] its event sequence hash (lib/events.lua)
-- ARGV[3..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[4], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true,"payment":<record JSON>}', '{"ok":false,"reason":"not_found"}' or
--          '{"ok":false,"reason":"version_conflict"}' (nothing written)
--#include replay
--#include events
local first = replayed() if first then return first end
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return '{"ok":false,"reason":"not_found"}' end
if tonumber(v) ~= tonumber(ARGV[1]) then return '{"ok":false,"reason":"version_conflict"}' end
redis.call('HSET', KEYS[1], 'v', string.format('%d', tonumber(v) + 1), 'doc', ARGV[2])
record_events(KEYS[2], KEYS[3], 3)
return applied('{"ok":true,"payment":' .. ARGV[2] .. '}')
