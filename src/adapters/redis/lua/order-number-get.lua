-- Reads which order id claimed a number (the caller checks the order carries it).
-- KEYS[1]  the number key
-- Returns  the order id as a JSON string, or nil
local id = redis.call('GET', KEYS[1])
if not id then return nil end
return cjson.encode(id)
