-- Claims a product's SKUs in the catalogue's SKU index before its record is written, all or
-- nothing: a SKU another product holds refuses the whole claim, before any write. Idempotent
-- (a SKU already the product's is left as it is), so it takes no operation key.
-- KEYS[1]  the SKU index hash (sku -> product id)
-- KEYS[2]  the product's index hash (fields s:<sku> = the version its claim was made for)
-- ARGV[1]  the product id
-- ARGV[2]  the version the save will write (its claims carry it, so a failed save's claims
--          can be told from the claims of the record, see catalog-index.lua)
-- ARGV[3..] the product's SKUs
-- Returns  '{"ok":true}' or '{"taken":SKU,"holder":PRODUCT ID}' (nothing written)
for i = 3, #ARGV do
  local holder = redis.call('HGET', KEYS[1], ARGV[i])
  if holder and holder ~= ARGV[1] then
    return cjson.encode({ taken = ARGV[i], holder = holder })
  end
end
for i = 3, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) == 1 then
    redis.call('HSET', KEYS[2], 's:' .. ARGV[i], ARGV[2])
  end
end
return '{"ok":true}'
