-- Removes one line: ONE round trip.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  now, epoch ms
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  Redis TTL ms
-- ARGV[4]  cart id (the expiry zset member)
-- ARGV[5]  line field name
-- Returns  '{"code":"ok","h":[HGETALL...]}' or '{"code":"not_found"}', '{"code":"line_not_found"}'
local expires = redis.call('HGET', KEYS[1], '_expires')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return '{"code":"not_found"}' end
if redis.call('HDEL', KEYS[1], ARGV[5]) == 0 then return '{"code":"line_not_found"}' end
redis.call('HSET', KEYS[1], '_updated', ARGV[1], '_expires', ARGV[2])
redis.call('HINCRBY', KEYS[1], '_v', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return '{"code":"ok","h":' .. cjson.encode(redis.call('HGETALL', KEYS[1])) .. '}'
