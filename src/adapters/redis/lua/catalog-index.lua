-- Brings the catalogue's indexes in line with one product record, after its save: the SKU
-- index and the listing index live in the catalogue's slot, the record in its own, so this
-- is the second step of a save (catalog-claim-skus.lua was the first). Idempotent: an
-- index already at the record's version (or a later one) is left as it is.
-- KEYS[1]  the SKU index hash (sku -> product id)
-- KEYS[2]  the product's index hash (v = indexed version, m = its listing members as a JSON
--          array, s:<sku> = the version each SKU claim was made for)
-- KEYS[3]  the listing index (sorted set, all scores 0, members '<filter prefix><id>')
-- ARGV[1]  the product id
-- ARGV[2]  the record's version, 0 when there is no record
-- ARGV[3]  the version of a save that was refused, whose claims to give back, or 0
-- ARGV[4]  n, the number of the record's SKUs
-- ARGV[5..4+n]  the record's SKUs
-- ARGV[5+n..]   the record's listing members
-- Returns  'true'
-- A claim of the product is freed when the record does not hold its SKU and the claim was
-- made for this version or an earlier one (a claim for a later version belongs to a save
-- still under way), or for the refused save. So a save that died between its steps leaves
-- claims that the product's next save frees.
local version = tonumber(ARGV[2])
local refused = ARGV[3]
local n = tonumber(ARGV[4])
local held = {}
for i = 5, 4 + n do held[ARGV[i]] = true end
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  local sku = string.match(fields[i], '^s:(.*)$')
  if sku and not held[sku] and (tonumber(fields[i + 1]) <= version or fields[i + 1] == refused) then
    if redis.call('HGET', KEYS[1], sku) == ARGV[1] then redis.call('HDEL', KEYS[1], sku) end
    redis.call('HDEL', KEYS[2], fields[i])
  end
end
local indexed = tonumber(redis.call('HGET', KEYS[2], 'v') or '0')
if version == 0 or indexed >= version then return 'true' end
for i = 5, 4 + n do
  local sku = ARGV[i]
  if redis.call('HSETNX', KEYS[1], sku, ARGV[1]) == 1 or redis.call('HGET', KEYS[1], sku) == ARGV[1] then
    local claim = tonumber(redis.call('HGET', KEYS[2], 's:' .. sku) or '0')
    if claim < version then redis.call('HSET', KEYS[2], 's:' .. sku, ARGV[2]) end
  end
end
local old = redis.call('HGET', KEYS[2], 'm')
if old then
  for _, member in ipairs(cjson.decode(old)) do redis.call('ZREM', KEYS[3], member) end
end
local members = {}
for i = 5 + n, #ARGV do
  members[#members + 1] = ARGV[i]
  redis.call('ZADD', KEYS[3], 0, ARGV[i])
end
redis.call('HSET', KEYS[2], 'v', ARGV[2], 'm', cjson.encode(members))
return 'true'
