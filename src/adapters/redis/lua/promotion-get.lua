-- Reads one promotion definition.
-- KEYS[1]  definitions hash
-- ARGV[1]  promotion id
-- Returns  the definition JSON as stored, or nil
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return nil end
return raw
