-- Compare-and-set of a live checkout on its version; moves the Redis TTL with the expiry.
-- KEYS[1]  the checkout hash
-- ARGV[1]  now, epoch ms
-- ARGV[2]  the expected stored version
-- ARGV[3]  the new expiresAt, epoch ms
-- ARGV[4]  the new state as JSON, version already expected + 1
-- ARGV[5]  grace ms added to the Redis TTL
-- KEYS[2]  the shard's event stream, KEYS[3] its event sequence hash (lib/events.lua)
-- ARGV[6..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[4], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true,"checkout":<state JSON>}', '{"ok":false,"reason":"not_found"}' or
--          '{"ok":false,"reason":"conflict","current":<state JSON>}' (nothing written)
--#include replay
--#include events
local first = replayed() if first then return first end
local found = redis.call('HMGET', KEYS[1], 'v', 'exp', 'doc')
if not found[2] or tonumber(found[2]) <= tonumber(ARGV[1]) then
  return '{"ok":false,"reason":"not_found"}'
end
if tonumber(found[1]) ~= tonumber(ARGV[2]) then
  return '{"ok":false,"reason":"conflict","current":' .. found[3] .. '}'
end
redis.call('HSET', KEYS[1], 'v', string.format('%d', tonumber(found[1]) + 1), 'exp', ARGV[3], 'doc', ARGV[4])
-- The TTL only collects garbage: the domain expiry above decides, so it gets a grace.
local ttl = math.floor(math.max(tonumber(ARGV[3]) - tonumber(ARGV[1]), 0) + tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
record_events(KEYS[2], KEYS[3], 6)
return applied('{"ok":true,"checkout":' .. ARGV[4] .. '}')
