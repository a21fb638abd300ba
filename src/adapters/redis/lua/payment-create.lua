-- Stores a new payment at version 1 and answers the webhook events parked for it, in the
-- order they were parked. The events stay parked until payment-drop-parked, so a crash
-- between this step and applying them loses nothing.
-- KEYS[1]  the payment hash (fields v = version, doc = the record as JSON)
-- KEYS[2]  the parked events hash (event id -> event JSON)
-- KEYS[3]  the parked events order list (event ids, oldest first)
-- ARGV[1]  the record as JSON, version already 1 (stored verbatim, never decoded here)
-- KEYS[4]  the shard's event stream, KEYS[5] its event sequence hash (lib/events.lua)
-- ARGV[2..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[6], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":false,"reason":"exists"}' and writes nothing when the id is taken,
--          else '{"ok":true,"payment":<record JSON>,"parked":[event JSON, ...]}'
--#include replay
--#include events
local first = replayed() if first then return first end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return '{"ok":false,"reason":"exists"}'
end
local parked = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  local event = redis.call('HGET', KEYS[2], id)
  if event then parked[#parked + 1] = event end
end
redis.call('HSET', KEYS[1], 'v', '1', 'doc', ARGV[1])
record_events(KEYS[4], KEYS[5], 2)
-- Built by hand: cjson would turn an empty list into {}.
return applied('{"ok":true,"payment":' .. ARGV[1] .. ',"parked":[' .. table.concat(parked, ',') .. ']}')
