import { afterEach, describe, it } from 'vitest';
import { eventLogConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('EventLog');
for (const kind of CLIENT_KINDS) {
  eventLogConformance(redisFactory('events', kind, skip, (a) => ({ log: a.eventLog, orders: a.orders })), { describe, it, afterEach });
}
