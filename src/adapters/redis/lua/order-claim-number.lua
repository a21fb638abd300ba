-- Claims an order number for an order id: the first of the two steps of creating an order
-- (the number lives in its own slot). A claim whose order never got stored is harmless:
-- reads check the order's own number, and a retry of the same order finds the claim its own.
-- KEYS[1]  the number key (value: the order id)
-- ARGV[1]  the order id
-- Returns  'true' when the number is now (or already was) this order's, 'false' when taken
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 'false' end
if not owner then redis.call('SET', KEYS[1], ARGV[1]) end
return 'true'
