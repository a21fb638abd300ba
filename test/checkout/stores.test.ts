import { afterEach, describe, it } from 'vitest';
import { MemoryCheckoutStore, MemoryOrderStore } from '../../src/index.js';
import { checkoutStoreConformance, orderStoreConformance } from '../../src/testing/index.js';

const api = { describe, it, afterEach };
checkoutStoreConformance({ name: 'memory', make: ({ clock }) => ({ store: new MemoryCheckoutStore({ clock }) }) }, api);
orderStoreConformance({ name: 'memory', make: () => ({ store: new MemoryOrderStore() }) }, api);
