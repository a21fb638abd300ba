import { afterEach, describe, it } from 'vitest';
import { catalogStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('catalog store');
for (const kind of CLIENT_KINDS) {
  catalogStoreConformance(redisFactory('catalog-store', kind, skip, (a) => a.catalog), { describe, it, afterEach });
}
