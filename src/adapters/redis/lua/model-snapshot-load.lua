-- Loads one version of a model snapshot, or the newest.
-- KEYS[1]  version index (sorted set: score = version, member = info JSON)
-- KEYS[2]  snapshot data (hash: field = version, value = snapshot JSON text)
-- ARGV[1]  the version, or "latest"
-- Returns  '[info, snapshot]' as one JSON array (the snapshot text is spliced in as is, not
--          re-encoded), or 'null' when there is no such version
local found
if ARGV[1] == 'latest' then
  found = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
else
  found = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1], 'WITHSCORES')
end
if #found == 0 then return 'null' end
local data = redis.call('HGET', KEYS[2], found[2])
if not data then return 'null' end
return '[' .. found[1] .. ',' .. data .. ']'
