-- Peeks at the oldest due entries of one shard's expiry index (read only: cart-take-expired
-- re-checks and removes them), so takeExpired can merge shards oldest first.
-- KEYS[1]  the shard's expiry zset
-- ARGV[1]  now, epoch ms
-- ARGV[2]  at most this many entries
-- Returns  JSON array [id, score, id, score, ...] ('[]' when none: cjson would say '{}')
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
if #due == 0 then return '[]' end
return cjson.encode(due)
