import { afterEach, describe, it } from 'vitest';
import { orderStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('OrderStore');
orderStoreConformance(pgFactory('order', skip, (a) => a.orders), { describe, it, afterEach });
