-- Gives back a number claimed for an order that turned out to exist with another number.
-- KEYS[1]  the number key
-- ARGV[1]  the order id that claimed it
-- Returns  'true' when released, 'false' when it was not this order's claim
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'false' end
redis.call('DEL', KEYS[1])
return 'true'
