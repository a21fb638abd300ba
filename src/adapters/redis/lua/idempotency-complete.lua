-- Stores the result of a claimed operation, if this caller still owns the live claim.
-- KEYS[1]  the record key
-- ARGV[1]  now, epoch ms
-- ARGV[2]  owner token
-- ARGV[3]  result, already JSON (spliced in as is, so cjson never reshapes it)
-- ARGV[4]  ttl ms the result is kept
-- ARGV[5]  grace ms added to the Redis TTL
-- KEYS[2], ARGV[6]  the operation key and replay window (lib/replay.lua)
-- Returns  'true' when stored, 'false' when the claim was lost (nothing written)
--#include replay
local first = replayed() if first then return first end
local raw = redis.call('GET', KEYS[1])
if not raw then return 'false' end
local now = tonumber(ARGV[1])
local record = cjson.decode(raw)
if record.state ~= 'in_progress' or record.owner ~= ARGV[2] or tonumber(record.expiresAt) <= now then
  return 'false'
end
local ttl = tonumber(ARGV[4])
local done = '{"state":"completed","fingerprint":' .. cjson.encode(record.fingerprint) ..
  ',"expiresAt":' .. string.format('%d', now + ttl) .. ',"result":' .. ARGV[3] .. '}'
redis.call('SET', KEYS[1], done, 'PX', ttl + tonumber(ARGV[5]))
return applied('true')
