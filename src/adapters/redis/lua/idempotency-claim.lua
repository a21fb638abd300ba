-- Claims an idempotency key for one request, unless a live record is already there.
-- KEYS[1]  the record key
-- ARGV[1]  now, epoch ms (the Clock port's time: expiry is judged by it, not by Redis)
-- ARGV[2]  request fingerprint
-- ARGV[3]  owner token of this caller
-- ARGV[4]  lock ms: how long the claim holds before another caller may take over
-- ARGV[5]  grace ms added to the Redis TTL, which only collects garbage
-- KEYS[2], ARGV[6]  the operation key and replay window (lib/replay.lua): a claim sent again
--          answers claimed, not the in-progress record it made itself
-- Returns  '{"state":"claimed"}' or the live record as stored (JSON; nothing written)
--#include replay
local first = replayed() if first then return first end
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
if raw then
  local expires_at = tonumber(cjson.decode(raw).expiresAt)
  if expires_at and expires_at > now then
    return raw
  end
end
local lock = tonumber(ARGV[4])
local record = '{"state":"in_progress","fingerprint":' .. cjson.encode(ARGV[2]) ..
  ',"owner":' .. cjson.encode(ARGV[3]) .. ',"expiresAt":' .. string.format('%d', now + lock) .. '}'
redis.call('SET', KEYS[1], record, 'PX', lock + tonumber(ARGV[5]))
return applied('{"state":"claimed"}')
