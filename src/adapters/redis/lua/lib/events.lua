-- Durable events (ports/event-log.ts), recorded by the script of the change they report.
-- record_events(stream, seqs, at): the events start at ARGV[at] = n, then 5 per event:
-- type, aggregate id, time (epoch ms), schema version, payload (JSON text). Each event gets
-- the next sequence of its aggregate (HINCRBY on the partition's sequence hash `seqs`) and
-- goes on the partition's stream as fields a (aggregate), q (sequence), e (the event JSON).
-- The payload is spliced in as text, never decoded: cjson would turn [] into {}.
-- Call it after every check of the step passed, on the path that writes.
-- record_event(stream, seqs, type, aggregate, time, version, payload) records one event the
-- script built itself (lib/inventory-events.lua), the same way.
local function record_event(stream, seqs, type, agg, time, version, payload)
  local seq = redis.call('HINCRBY', seqs, agg, 1)
  local doc = '{"id":' .. cjson.encode(agg .. ':' .. seq) .. ',"type":' .. cjson.encode(type) ..
    ',"aggregateId":' .. cjson.encode(agg) .. ',"sequence":' .. seq .. ',"time":' .. time ..
    ',"schemaVersion":' .. version .. ',"payload":' .. payload .. '}'
  redis.call('XADD', stream, '*', 'a', agg, 'q', seq, 'e', doc)
end

local function record_events(stream, seqs, at)
  local n = tonumber(ARGV[at])
  for i = 0, n - 1 do
    local b = at + 1 + i * 5
    record_event(stream, seqs, ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4])
  end
end
