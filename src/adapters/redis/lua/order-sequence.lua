-- Hands out the next order-number sequence value (1, 2, 3, ...), never twice.
-- KEYS[1]  the sequence counter
-- Returns  the new value as a JSON integer (formatted by hand: tostring would use an
--          exponent past 1e14)
return string.format('%d', redis.call('INCR', KEYS[1]))
