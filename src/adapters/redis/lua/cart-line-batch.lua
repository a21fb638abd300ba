-- Applies line edits (add, set quantity, remove) to one or more carts of ONE shard, in ONE
-- round trip. Each edit is checked and applied on its own, as if run alone; an edit that is
-- refused writes nothing of its own. The store sends the shard's edits that queue up while
-- an earlier batch is in flight as the next batch, so concurrent edits (of one cart or of
-- many carts of the shard) share round trips instead of each paying for its own call.
-- Every cart is read and decided before anything is written, so an error (e.g. a key of
-- the wrong type) aborts the batch with nothing written.
-- A line field holds 'seq,quantity,{json}' (seq orders the lines, json is the rest of the line).
-- KEYS[1]    the shard's expiry zset  (tag: the shard)
-- KEYS[1+j]  the hash of the batch's cart j (same tag)
-- ARGV[1]    the number of carts n; then for each cart j, in KEYS order:
--   the version the caller holds a copy of ('' for none), that copy's _inc (set once per
--   create: tells a re-created cart of the same id apart), the cart id (the expiry zset
--   member), the number of its edits k, then its k edits, 10 arguments each:
--   kind ('add' | 'set' | 'remove'), now (epoch ms), new expiresAt (epoch ms), Redis TTL ms,
--   line field name, quantity (add: to add; set: the new one; remove: ''),
--   currency of the line (add only), the line as JSON without its quantity (add only),
--   largest quantity of a line, most lines in a cart
-- Returns  a JSON array with one entry per cart: '{"missing":true}' when there is no cart
--          (every edit is not_found), else '{"cart":CART,"results":[R,...]}' where CART is
--          the cart as it was BEFORE the batch (see cart-reply.lib.lua), or null when the
--          caller's copy is that cart, and R is 1 for an applied edit or {"code":C,...} for
--          a refused one, C in not_found, line_not_found, quantity_limit (with quantity),
--          currency_mismatch (with currency), line_limit. The caller replays the applied
--          edits on CART to get each edit's cart.
--#include cart-reply
local META_FIELDS = 11 -- _id _user _session _currency _coupons _v _created _inc _updated _expires _seq

-- Decides the edits ARGV[first .. first + 10k - 1] of the cart at `key`; reads only.
-- Answers the cart's reply and its writes ({} when nothing was applied).
local function decide(key, held_version, held_inc, first, k)
  local m = redis.call('HMGET', key, '_expires', '_currency', '_v', '_seq', '_inc')
  if not m[1] then return '{"missing":true}', nil end
  local before = 'null'
  if held_version ~= m[3] or held_inc ~= m[5] then before = cart_json(key) end

  local expires, version, seq = tonumber(m[1]), tonumber(m[3]), tonumber(m[4])
  local values = {} -- line field -> its value as the batch left it, false once removed
  local written, seen = {}, {} -- fields to write, in order
  local stored_lines -- lines in the hash before the batch, read on the first add of a new line
  local line_delta = 0 -- lines the batch added minus those it removed
  local results = {}
  local applied, now, expires_at, ttl = 0, nil, nil, nil

  for i = first, first + 10 * (k - 1), 10 do
    local kind, at, field = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 4]
    local value = values[field]
    if value == nil then
      value = redis.call('HGET', key, field)
      values[field] = value
    end
    local result = 1
    if expires <= at then
      result = '{"code":"not_found"}'
    elseif kind == 'remove' then
      if not value then
        result = '{"code":"line_not_found"}'
      else
        values[field] = false
        line_delta = line_delta - 1
      end
    else
      local amount, max = tonumber(ARGV[i + 5]), tonumber(ARGV[i + 8])
      local line_seq, held, body
      if value then line_seq, held, body = string.match(value, '^(%d+),(%d+),(.*)$') end
      if kind == 'set' then
        if not value then
          result = '{"code":"line_not_found"}'
        elseif amount < 1 or amount > max then
          result = '{"code":"quantity_limit","quantity":' .. string.format('%d', amount) .. '}'
        else
          values[field] = line_seq .. ',' .. string.format('%d', amount) .. ',' .. body
        end
      elseif ARGV[i + 6] ~= m[2] then
        result = '{"code":"currency_mismatch","currency":' .. cjson.encode(ARGV[i + 6]) .. '}'
      else
        local quantity = amount + (value and tonumber(held) or 0)
        if amount < 1 or quantity > max then
          result = '{"code":"quantity_limit","quantity":' .. string.format('%d', quantity) .. '}'
        elseif value then
          values[field] = line_seq .. ',' .. string.format('%d', quantity) .. ',' .. ARGV[i + 7]
        else
          if not stored_lines then stored_lines = redis.call('HLEN', key) - META_FIELDS end
          if stored_lines + line_delta >= tonumber(ARGV[i + 9]) then
            result = '{"code":"line_limit"}'
          else
            line_delta = line_delta + 1
            seq = seq + 1
            values[field] = string.format('%d,%d,', seq, quantity) .. ARGV[i + 7]
          end
        end
      end
    end
    if result == 1 then
      applied = applied + 1
      now, expires, expires_at, ttl = ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 2], ARGV[i + 3]
      if not seen[field] then
        seen[field] = true
        written[#written + 1] = field
      end
    end
    results[#results + 1] = result
  end

  local reply = '{"cart":' .. before .. ',"results":[' .. table.concat(results, ',') .. ']}'
  if applied == 0 then return reply, nil end
  local set, removed = {}, {}
  for _, field in ipairs(written) do
    if values[field] then
      set[#set + 1] = field
      set[#set + 1] = values[field]
    else
      removed[#removed + 1] = field
    end
  end
  set[#set + 1] = '_updated'
  set[#set + 1] = now
  set[#set + 1] = '_expires'
  set[#set + 1] = expires_at
  set[#set + 1] = '_v'
  set[#set + 1] = string.format('%d', version + applied)
  set[#set + 1] = '_seq'
  set[#set + 1] = string.format('%d', seq)
  return reply, { set = set, removed = removed, ttl = ttl, expires_at = expires_at }
end

local replies, writes = {}, {}
local at = 2
for j = 1, tonumber(ARGV[1]) do
  local k = tonumber(ARGV[at + 3])
  local reply, write = decide(KEYS[1 + j], ARGV[at], ARGV[at + 1], at + 4, k)
  replies[j] = reply
  if write then writes[#writes + 1] = { key = KEYS[1 + j], id = ARGV[at + 2], w = write } end
  at = at + 4 + 10 * k
end
local expiry = {}
for _, cart in ipairs(writes) do
  local w = cart.w
  if #w.removed > 0 then redis.call('HDEL', cart.key, unpack(w.removed)) end
  redis.call('HSET', cart.key, unpack(w.set))
  redis.call('PEXPIRE', cart.key, w.ttl)
  expiry[#expiry + 1] = w.expires_at
  expiry[#expiry + 1] = cart.id
end
if #expiry > 0 then redis.call('ZADD', KEYS[1], unpack(expiry)) end
return '[' .. table.concat(replies, ',') .. ']'
