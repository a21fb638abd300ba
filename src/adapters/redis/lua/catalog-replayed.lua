-- Reads the answer a step recorded under its operation key (lib/replay.lua), if any: a save
-- sent again after it was applied learns its first answer here when its SKU claim is now
-- refused (another product took a SKU the save gave up since).
-- KEYS[1]  the operation key
-- Returns  the recorded answer, or nil
return redis.call('GET', KEYS[1])
