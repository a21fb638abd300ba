-- Reads the live record of an idempotency key.
-- KEYS[1]  the record key
-- ARGV[1]  now, epoch ms
-- Returns  the record as stored (JSON), or nil when absent or lapsed
local raw = redis.call('GET', KEYS[1])
if not raw then return nil end
local expires_at = tonumber(cjson.decode(raw).expiresAt)
if expires_at and expires_at > tonumber(ARGV[1]) then return raw end
return nil
