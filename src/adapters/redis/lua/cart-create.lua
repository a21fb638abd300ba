-- Stores a new cart hash (meta fields + one field per line) and indexes its expiry.
-- KEYS[1]  the cart hash            (tag: the cart's shard)
-- KEYS[2]  the shard's expiry zset  (same tag)
-- ARGV[1]  cart id (the expiry zset member)
-- ARGV[2]  expiresAt, epoch ms (the zset score)
-- ARGV[3]  Redis TTL ms (domain idle time + GC grace; Redis only collects garbage)
-- ARGV[4..] field, value pairs of the whole hash, built by TypeScript
-- Returns  '{"code":"ok"}' or '{"code":"exists"}' (writes nothing then)
if redis.call('EXISTS', KEYS[1]) == 1 then return '{"code":"exists"}' end
-- In chunks: unpack of a very large cart must stay under Lua's C stack limit.
local i = 4
while i <= #ARGV do
  local last = math.min(i + 999, #ARGV)
  redis.call('HSET', KEYS[1], unpack(ARGV, i, last))
  i = last + 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return '{"code":"ok"}'
