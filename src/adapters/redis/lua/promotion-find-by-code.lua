-- Finds a promotion by its code.
-- KEYS[1]  code index hash
-- KEYS[2]  definitions hash
-- ARGV[1]  the code, upper-cased
-- Returns  the definition JSON as stored, or nil
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return nil end
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return nil end
return raw
