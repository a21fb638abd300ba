-- Creates or replaces a promotion definition and its code index (usage counts are kept).
-- All promotion keys of a store share one hash tag, so this is one slot.
-- KEYS[1]  definitions hash (id -> JSON)
-- KEYS[2]  code index hash  (UPPER CODE -> id)
-- KEYS[3]  code-of hash     (id -> UPPER CODE), so the old code is found without decoding
-- KEYS[4]  automatic set    (ids of promotions without a code)
-- ARGV[1]  promotion id
-- ARGV[2]  the definition as JSON (stored verbatim)
-- ARGV[3]  '1' when it has a code, '0' when automatic
-- ARGV[4]  the code, upper-cased by TypeScript (Unicode-aware, unlike string.upper)
-- KEYS[5], ARGV[5]  the operation key and replay window (lib/replay.lua): a save sent again
--          after a newer one must not bring the older definition back
-- Returns  'true'
--#include replay
local first = replayed() if first then return first end
local id = ARGV[1]
local old = redis.call('HGET', KEYS[3], id)
if old and redis.call('HGET', KEYS[2], old) == id then redis.call('HDEL', KEYS[2], old) end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], ARGV[4], id)
  redis.call('HSET', KEYS[3], id, ARGV[4])
  redis.call('SREM', KEYS[4], id)
else
  redis.call('HDEL', KEYS[3], id)
  redis.call('SADD', KEYS[4], id)
end
redis.call('HSET', KEYS[1], id, ARGV[2])
return applied('true')
