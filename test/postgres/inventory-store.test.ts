import { afterEach, describe, it } from 'vitest';
import { inventoryStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('InventoryStore');
inventoryStoreConformance(pgFactory('inventory', skip, (a) => a.inventory), { describe, it, afterEach });
