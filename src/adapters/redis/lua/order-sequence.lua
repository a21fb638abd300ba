-- Hands out the next order-number sequence value (1, 2, 3, ...), never twice; a call sent
-- again (same operation key) answers the value it took.
-- KEYS[1]  the sequence counter
-- KEYS[2], ARGV[1]  the operation key and replay window (lib/replay.lua)
-- Returns  the new value as a JSON integer (formatted by hand: tostring would use an
--          exponent past 1e14)
--#include replay
local first = replayed() if first then return first end
return applied(string.format('%d', redis.call('INCR', KEYS[1])))
