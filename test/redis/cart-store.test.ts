import { afterEach, describe, it } from 'vitest';
import { cartStoreConformance, promotionStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('CartStore/PromotionStore');
for (const kind of CLIENT_KINDS) {
  cartStoreConformance(redisFactory('cart', kind, skip, (a) => a.carts), { describe, it, afterEach });
  promotionStoreConformance(redisFactory('promotion', kind, skip, (a) => a.promotions), { describe, it, afterEach });
}
