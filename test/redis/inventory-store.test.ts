import { afterEach, describe, it } from 'vitest';
import { inventoryStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('InventoryStore');
for (const kind of CLIENT_KINDS) {
  inventoryStoreConformance(redisFactory('inventory', kind, skip, (a) => a.inventory), { describe, it, afterEach });
}
