-- Turns a hold's reserved uses into committed ones. Idempotent.
-- KEYS[1]  the hold hash
-- Returns  '{"code":"ok"}' or '{"code":"not_found"}'
if redis.call('EXISTS', KEYS[1]) == 0 then return '{"code":"not_found"}' end
redis.call('HSET', KEYS[1], 'state', 'committed')
return '{"code":"ok"}'
