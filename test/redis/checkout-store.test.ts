import { afterEach, describe, it } from 'vitest';
import { checkoutStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('CheckoutStore');
for (const kind of CLIENT_KINDS) {
  checkoutStoreConformance(redisFactory('checkout', kind, skip, (a) => a.checkouts), { describe, it, afterEach });
}
