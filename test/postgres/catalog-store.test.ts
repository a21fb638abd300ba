import { afterEach, describe, it } from 'vitest';
import { catalogStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('CatalogStore');
catalogStoreConformance(pgFactory('catalog', skip, (a) => a.catalog), { describe, it, afterEach });
