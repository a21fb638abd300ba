-- Does nothing: the benchmark's measure of the cost of one EVALSHA round trip.
-- KEYS[1]  any key (it fixes the slot on a cluster)
-- Returns  'true'
return 'true'
