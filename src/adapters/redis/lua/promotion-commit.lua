-- Turns a hold's reserved uses into committed ones. Idempotent.
-- KEYS[1]  the hold hash
-- KEYS[2], ARGV[1]  the operation key and replay window (lib/replay.lua)
-- Returns  '{"code":"ok"}' or '{"code":"not_found"}' (nothing written)
--#include replay
local first = replayed() if first then return first end
if redis.call('EXISTS', KEYS[1]) == 0 then return '{"code":"not_found"}' end
redis.call('HSET', KEYS[1], 'state', 'committed')
return applied('{"code":"ok"}')
