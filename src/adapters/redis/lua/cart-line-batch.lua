-- Mirrors refuseLineEdit / applyLineEdit of src/cart/line-rules.ts (as MemoryCartStore and the
-- replay in cart-line-batch.ts apply them); pinned by test/redis/cart-store-model.property.test.ts.
-- Applies line edits (add, set quantity, remove) to one or more carts in ONE round trip:
-- carts of one shard (one hash tag, so one cluster slot), or of any shards on a single
-- server, where slots do not matter. Each edit is checked and applied on its own, as if
-- run alone; an edit that is refused writes nothing of its own. The store sends the edits
-- that queue up while an earlier batch is in flight as the next batch, so concurrent edits
-- (of one cart or of many carts) share round trips instead of each paying for its own call.
-- Every cart is read and decided before anything is written, so an error (e.g. a key of
-- the wrong type) aborts the batch with nothing written.
-- Each edit carries its operation key (ports/replay.ts): an edit whose key exists was applied
-- by an earlier call (the same call sent again after its answer was lost, say), so it is
-- answered 2 and not applied again; an applied edit sets its key, kept for the replay window.
-- A line field holds 'seq,quantity,{json}' (seq orders the lines, json is the rest of the line).
-- KEYS       for each cart j in turn, 2 + k keys: its hash (tag: its shard), the expiry zset of
--            its shard (same tag), then the operation key of each of its k edits (same tag)
-- ARGV[1]    'n,grace,step': the number of carts n, the store's GC grace and TTL step (ms,
--            see RedisCartStore.ttl); then for each cart j, in KEYS order, 2 + 3k arguments:
--   'version,k,inc': the version the caller holds a copy of ('' for none), the number of
--     its edits k, and that copy's _inc ('' for none; set once per create: tells a
--     re-created cart of the same id apart);
--   the cart id (the expiry zset member);
--   then its k edits, 3 arguments each (few arguments keep the call cheap to encode):
--     'kind,now,expiresAt,ttl,quantity,maxQuantity,maxLines,currency': kind is add, set or
--       remove; now and the new expiresAt in epoch ms; the Redis TTL in ms (set only when
--       the cart's keep-until step changes, see keep_until); quantity (add: to add, set:
--       the new one, remove: empty); the largest quantity of a line and the most lines in
--       a cart (empty where the kind needs none); the line's currency (add only, else
--       empty);
--     the line field name;
--     the line as JSON without its quantity (add only, else empty)
-- ARGV[last] the replay window, ms: how long an applied edit's operation key is kept
-- Returns  a JSON array with one entry per cart: '{"missing":true}' when there is no cart
--          (every edit is not_found), else '{"cart":CART,"results":[R,...]}' where CART is
--          the cart as it was BEFORE the batch (see lib/cart-reply.lua), or null when the
--          caller's copy is that cart, and R is 1 for an applied edit, 2 for one applied
--          before (its operation key exists), or {"code":C,...} for a refused one, C in
--          not_found, line_not_found, quantity_limit (with quantity), currency_mismatch (with
--          currency), line_limit. The caller replays the applied edits on CART to get each
--          edit's cart.
--#include cart-reply
local META_FIELDS = 11 -- _id _user _session _currency _coupons _v _created _inc _updated _expires _seq
local tonumber, format, find, sub, match = tonumber, string.format, string.find, string.sub, string.match
local EDIT = '^(%a+),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),(.*)$'
local cart_count, grace, step = match(ARGV[1], '^(%d+),(%d+),(%d+)$')
cart_count, grace, step = tonumber(cart_count), tonumber(grace), tonumber(step)
local replay_window = ARGV[#ARGV]

-- Until when Redis must keep a cart expiring at `expires` (RedisCartStore keepUntil, same
-- arithmetic). Every write of _expires leaves the key's TTL at least this far, so a batch
-- whose new expiry keeps the same value as the stored one needs no PEXPIRE.
local function keep_until(expires)
  if step == 0 then return expires + grace end
  return math.ceil((expires + grace) / step) * step
end

-- The writes of the carts decided so far, in KEYS order, done once every cart is decided;
-- expiry entries are grouped by zset (one ZADD per shard touched).
local write_keys, write_sets, write_removed, write_ttls = {}, {}, {}, {}
local zsets, expiry = {}, {} -- zset keys in first-touched order; zset key -> {score, member, ...}
local applied_ops, op_writes = {}, {} -- operation keys of the edits this call applies (set, list): SET once all are decided

-- Decides the edits ARGV[first .. first + 3k - 1] of cart `id` at `key`, whose operation keys
-- are KEYS[ops .. ops + k - 1]; reads only, and queues the cart's writes. Answers the cart's reply.
local function decide(key, zset, id, held_version, held_inc, first, k, ops)
  -- The meta fields and the first edit's line in one read.
  local m = redis.call('HMGET', key, '_expires', '_currency', '_v', '_seq', '_inc', ARGV[first + 1])
  if not m[1] then return '{"missing":true}' end
  local before = 'null'
  if held_version ~= m[3] or held_inc ~= m[5] then before = cart_json(key) end

  local expires, seq = tonumber(m[1]), tonumber(m[4])
  local seq_before = seq
  local values = { [ARGV[first + 1]] = m[6] } -- line field -> its value as the batch left it (false: none)
  local order, changed = {}, {} -- fields the batch changed, in the order first changed
  local stored_lines -- lines in the hash before the batch, read on the first add of a new line
  local line_delta = 0 -- lines the batch added minus those it removed
  local results = {}
  local applied, now, expires_at, ttl = 0, nil, nil, nil

  for e = 0, k - 1 do
    local i, op = first + 3 * e, KEYS[ops + e]
    local kind, edit_now, edit_expires, edit_ttl, edit_amount, edit_max, edit_max_lines, currency = match(ARGV[i], EDIT)
    local at, field = tonumber(edit_now), ARGV[i + 1]
    local value = values[field]
    if value == nil then
      value = redis.call('HGET', key, field)
      values[field] = value
    end
    local result = 1
    if expires <= at then
      result = '{"code":"not_found"}'
    elseif applied_ops[op] or redis.call('EXISTS', op) == 1 then
      result = 2
    elseif kind == 'remove' then
      if not value then
        result = '{"code":"line_not_found"}'
      else
        values[field] = false
        line_delta = line_delta - 1
      end
    else
      local amount, max = tonumber(edit_amount), tonumber(edit_max)
      local c1, c2 -- the two commas of 'seq,quantity,{json}'
      if value then
        c1 = find(value, ',', 1, true)
        c2 = find(value, ',', c1 + 1, true)
      end
      if kind == 'set' then
        if not value then
          result = '{"code":"line_not_found"}'
        elseif amount < 1 or amount > max then
          result = '{"code":"quantity_limit","quantity":' .. format('%d', amount) .. '}'
        else
          values[field] = sub(value, 1, c1) .. format('%d', amount) .. sub(value, c2)
        end
      elseif currency ~= m[2] then
        result = '{"code":"currency_mismatch","currency":' .. cjson.encode(currency) .. '}'
      else
        local quantity = amount + (value and tonumber(sub(value, c1 + 1, c2 - 1)) or 0)
        if amount < 1 or quantity > max then
          result = '{"code":"quantity_limit","quantity":' .. format('%d', quantity) .. '}'
        elseif value then
          values[field] = sub(value, 1, c1) .. format('%d', quantity) .. ',' .. ARGV[i + 2]
        else
          if not stored_lines then stored_lines = redis.call('HLEN', key) - META_FIELDS end
          if stored_lines + line_delta >= tonumber(edit_max_lines) then
            result = '{"code":"line_limit"}'
          else
            line_delta = line_delta + 1
            seq = seq + 1
            values[field] = format('%d,%d,', seq, quantity) .. ARGV[i + 2]
          end
        end
      end
    end
    if result == 1 then
      applied_ops[op] = true
      op_writes[#op_writes + 1] = op
      applied = applied + 1
      now, expires, expires_at, ttl = edit_now, tonumber(edit_expires), edit_expires, edit_ttl
      if not changed[field] then
        changed[field] = true
        order[#order + 1] = field
      end
    end
    results[#results + 1] = result
  end

  if applied > 0 then
    local set, removed = {}, false
    for _, field in ipairs(order) do
      local value = values[field]
      if value then
        set[#set + 1] = field
        set[#set + 1] = value
      else
        removed = removed or {}
        removed[#removed + 1] = field
      end
    end
    set[#set + 1] = '_updated'
    set[#set + 1] = now
    set[#set + 1] = '_expires'
    set[#set + 1] = expires_at
    set[#set + 1] = '_v'
    set[#set + 1] = format('%d', tonumber(m[3]) + applied)
    if seq ~= seq_before then
      set[#set + 1] = '_seq'
      set[#set + 1] = format('%d', seq)
    end
    local n = #write_keys + 1
    if keep_until(expires) == keep_until(tonumber(m[1])) then ttl = false end
    write_keys[n], write_sets[n], write_removed[n], write_ttls[n] = key, set, removed, ttl
    local entries = expiry[zset]
    if not entries then
      entries = {}
      expiry[zset] = entries
      zsets[#zsets + 1] = zset
    end
    entries[#entries + 1] = expires_at
    entries[#entries + 1] = id
  end
  return '{"cart":' .. before .. ',"results":[' .. table.concat(results, ',') .. ']}'
end

local replies, at, key_at = {}, 2, 1
for j = 1, cart_count do
  local version, k, inc = match(ARGV[at], '^([^,]*),(%d+),(.*)$')
  k = tonumber(k)
  replies[j] = decide(KEYS[key_at], KEYS[key_at + 1], ARGV[at + 1], version, inc, at + 2, k, key_at + 2)
  at = at + 2 + 3 * k
  key_at = key_at + 2 + k
end
for n = 1, #write_keys do
  local key = write_keys[n]
  if write_removed[n] then redis.call('HDEL', key, unpack(write_removed[n])) end
  redis.call('HSET', key, unpack(write_sets[n]))
  if write_ttls[n] then redis.call('PEXPIRE', key, write_ttls[n]) end
end
for n = 1, #zsets do redis.call('ZADD', zsets[n], unpack(expiry[zsets[n]])) end
for n = 1, #op_writes do redis.call('SET', op_writes[n], '1', 'PX', replay_window) end
return '[' .. table.concat(replies, ',') .. ']'
