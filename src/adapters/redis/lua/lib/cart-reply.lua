-- Library, not a script: scripts/gen-lua.mjs inlines it where a cart script says
-- `--#include cart-reply`.
-- cart_json(key) answers the cart hash as ONE JSON document:
--   {"m":["_id","c1","_v","3",...],"l":[[seq,quantity,{line}],...]}
-- A line value is stored as 'seq,quantity,{json}', so wrapping it in brackets makes a
-- JSON array: lines are spliced as they are, never decoded or re-encoded by cjson (no
-- reshaped empty arrays or big numbers, no double escaping, one JSON.parse in Node).
-- The meta fields (always eleven, so never an empty table) go through ONE cjson.encode.
local function cart_json(key)
  local hash = redis.call('HGETALL', key)
  local meta, lines = {}, {}
  for i = 1, #hash, 2 do
    if string.byte(hash[i], 1) == 108 then -- 'l': a line
      lines[#lines + 1] = hash[i + 1]
    else
      meta[#meta + 1] = hash[i]
      meta[#meta + 1] = hash[i + 1]
    end
  end
  local spliced = '[]'
  if #lines > 0 then spliced = '[[' .. table.concat(lines, '],[') .. ']]' end
  return '{"m":' .. cjson.encode(meta) .. ',"l":' .. spliced .. '}'
end
