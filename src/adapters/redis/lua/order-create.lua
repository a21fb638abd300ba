-- Stores a new order at version 1 with its status and customer index entries, all in the
-- order's shard slot. Index members are '<status or customer id>\0<sort key>', the sort
-- key being '<createdAt, 16 digits>:<id>', so one lexical range lists one status or one
-- customer in time order.
-- KEYS[1]  the order hash (fields v, doc, st = status, sk = sort key, num = number,
--          ca = createdAt as JSON, cu = customer id when any)
-- KEYS[2]  the shard's status index (sorted set, all scores 0)
-- KEYS[3]  the shard's customer index (sorted set, all scores 0)
-- ARGV[1]  the order as JSON, version already 1
-- ARGV[2]  status
-- ARGV[3]  sort key
-- ARGV[4]  order number
-- ARGV[5]  createdAt as JSON text
-- ARGV[6]  customer id ('' when none)
-- ARGV[7]  '1' when the order has a customer id, else '0'
-- KEYS[4]  the shard's event stream, KEYS[5] its event sequence hash (lib/events.lua)
-- ARGV[8..]  the events to record (lib/events.lua: a count, then 5 per event)
-- KEYS[6], ARGV[#ARGV]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"ok":true}' or '{"ok":false,"reason":"duplicate_id","number":<stored number>}'
--          (nothing written)
--#include replay
--#include events
local first = replayed() if first then return first end
local taken = redis.call('HGET', KEYS[1], 'num')
if taken then
  return '{"ok":false,"reason":"duplicate_id","number":' .. cjson.encode(taken) .. '}'
end
redis.call('HSET', KEYS[1], 'v', '1', 'doc', ARGV[1], 'st', ARGV[2], 'sk', ARGV[3], 'num', ARGV[4], 'ca', ARGV[5])
redis.call('ZADD', KEYS[2], 0, ARGV[2] .. '\0' .. ARGV[3])
if ARGV[7] == '1' then
  redis.call('HSET', KEYS[1], 'cu', ARGV[6])
  redis.call('ZADD', KEYS[3], 0, ARGV[6] .. '\0' .. ARGV[3])
end
record_events(KEYS[4], KEYS[5], 8)
return applied('{"ok":true}')
