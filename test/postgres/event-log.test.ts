import { afterEach, describe, it } from 'vitest';
import { eventLogConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('EventLog');
eventLogConformance(pgFactory('events', skip, (a) => ({ log: a.eventLog, orders: a.orders })), { describe, it, afterEach });
