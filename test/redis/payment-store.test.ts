import { afterEach, describe, it } from 'vitest';
import { paymentStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('PaymentStore');
for (const kind of CLIENT_KINDS) {
  paymentStoreConformance(redisFactory('payment', kind, skip, (a) => a.payments), { describe, it, afterEach });
}
