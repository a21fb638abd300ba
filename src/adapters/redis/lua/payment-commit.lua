-- Compare-and-set of a whole payment record on its version.
-- KEYS[1]  the payment hash
-- ARGV[1]  the expected stored version
-- ARGV[2]  the next record as JSON, its version already expected + 1
-- KEYS[2], ARGV[3]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true,"payment":<record JSON>}', '{"ok":false,"reason":"not_found"}' or
--          '{"ok":false,"reason":"version_conflict"}' (nothing written)
--#include replay
local first = replayed() if first then return first end
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return '{"ok":false,"reason":"not_found"}' end
if tonumber(v) ~= tonumber(ARGV[1]) then return '{"ok":false,"reason":"version_conflict"}' end
redis.call('HSET', KEYS[1], 'v', string.format('%d', tonumber(v) + 1), 'doc', ARGV[2])
return applied('{"ok":true,"payment":' .. ARGV[2] .. '}')
