import { afterEach, describe, it } from 'vitest';
import { orderStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('OrderStore');
for (const kind of CLIENT_KINDS) {
  orderStoreConformance(redisFactory('order', kind, skip, (a) => a.orders), { describe, it, afterEach });
}
