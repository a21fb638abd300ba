-- Records members of one sliding-window key at a time, keeping each member's latest time,
-- and trims what fell out of the longest window ever asked for on this key.
-- KEYS[1]  the window sorted set (member -> last time seen, epoch ms)
-- KEYS[2]  the key's retention, ms (the longest retainMs recorded with it)
-- ARGV[1]  at, epoch ms (the caller's Clock, never Redis TIME)
-- ARGV[2]  retainMs
-- ARGV[3]  grace ms added to the Redis TTL, which only collects idle keys
-- ARGV[4..] the members
-- Returns  'true'
local at = tonumber(ARGV[1])
local retain = math.max(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[2]) or '0'))
for i = 4, #ARGV do
  local seen = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]) or '-1')
  -- A member keeps its latest time, whatever order records arrive in.
  if seen < at then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%d', at - retain))
local ttl = retain + tonumber(ARGV[3])
redis.call('SET', KEYS[2], string.format('%d', retain), 'PX', ttl)
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 'true'
