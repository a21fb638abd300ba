import { afterEach, describe, it } from 'vitest';
import { MemoryCatalogStore } from '../../src/adapters/memory/catalog-store.js';
import { catalogStoreConformance } from '../../src/testing/index.js';

catalogStoreConformance({ name: 'memory', make: () => ({ store: new MemoryCatalogStore() }) }, { describe, it, afterEach });
