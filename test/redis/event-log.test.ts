import { afterEach, describe, it } from 'vitest';
import { eventLogConformance, recordedEventsConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('EventLog');
for (const kind of CLIENT_KINDS) {
  eventLogConformance(redisFactory('events', kind, skip, (a) => ({ log: a.eventLog, orders: a.orders })), { describe, it, afterEach });
}
for (const kind of CLIENT_KINDS) {
  recordedEventsConformance(redisFactory('recorded', kind, skip, (a) => ({ log: a.eventLog, payments: a.payments, checkouts: a.checkouts, catalog: a.catalog, inventory: a.inventory })), { describe, it, afterEach });
}
