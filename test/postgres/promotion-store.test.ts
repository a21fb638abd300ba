import { afterEach, describe, it } from 'vitest';
import { promotionStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('PromotionStore');
promotionStoreConformance(pgFactory('promotion', skip, (a) => a.promotions), { describe, it, afterEach });
