-- Holds that lapse (promotion-reserve.lua explains the lapsing sets). Lexical ranges need
-- no key of their own: '\255' never occurs in UTF-8, so PREFIX,NOW,\255 is above every
-- member of PREFIX that lapsed by NOW and below every one that did not.

-- A reserved hold past its expiry (times are 16-digit texts, so text order is time order).
local function lapsed(state, expires, now)
  return state == 'reserved' and expires ~= false and expires ~= nil and expires ~= '' and now ~= '' and expires <= now
end

-- Uses of one counter: the usage hash's, plus the members of PREFIX still live at NOW (the
-- lapsed ones are removed first).
local function counted(usage_key, lapsing_key, field, prefix, now)
  redis.call('ZREMRANGEBYLEX', lapsing_key, '[' .. prefix .. ',', '[' .. prefix .. ',' .. now .. ',\255')
  return tonumber(redis.call('HGET', usage_key, field) or '0') + redis.call('ZLEXCOUNT', lapsing_key, '[' .. prefix .. ',', '[' .. prefix .. ',\255')
end

local function enlist(lapsing_key, members_json)
  for _, member in ipairs(cjson.decode(members_json)) do redis.call('ZADD', lapsing_key, 0, member) end
end

local function unlist(lapsing_key, members_json)
  if not members_json then return end
  local members = cjson.decode(members_json)
  if #members > 0 then redis.call('ZREM', lapsing_key, unpack(members)) end
end
