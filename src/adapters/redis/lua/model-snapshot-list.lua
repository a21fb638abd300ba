-- Lists the kept versions of one model name, newest first.
-- KEYS[1]  version index (sorted set: score = version, member = info JSON)
-- Returns  a JSON array of info objects
return '[' .. table.concat(redis.call('ZREVRANGE', KEYS[1], 0, -1), ',') .. ']'
