-- Follows a user -> cart link.
-- KEYS[1]  the user link (tag: the user id)
-- Returns  the cart id as a JSON string, or nil
local id = redis.call('GET', KEYS[1])
if not id then return nil end
return cjson.encode(id)
