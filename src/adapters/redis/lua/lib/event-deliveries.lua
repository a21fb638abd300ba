-- Turns stream entries handed to a group into the JSON of the deliveries a consumer gets:
-- '{"partition":<stream>,"handle":<entry id>,"settled":<n>,"event":<event JSON>}', `settled`
-- being the group's last settled sequence of the event's aggregate (hash `done`). Entries
-- trimmed while pending (nil, or without fields) are skipped.
local function deliveries_of(entries, stream, done, out)
  for _, entry in ipairs(entries) do
    if type(entry) == 'table' and type(entry[2]) == 'table' then
      local f = {}
      for j = 1, #entry[2], 2 do f[entry[2][j]] = entry[2][j + 1] end
      if f.e then
        local settled = redis.call('HGET', done, f.a) or '0'
        out[#out + 1] = '{"partition":' .. cjson.encode(stream) .. ',"handle":"' .. entry[1] ..
          '","settled":' .. settled .. ',"event":' .. f.e .. '}'
      end
    end
  end
end
