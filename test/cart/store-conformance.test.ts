import { afterEach, describe, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { MemoryPromotionStore } from '../../src/adapters/memory/promotion-store.js';
import { cartStoreConformance, promotionStoreConformance } from '../../src/testing/index.js';

cartStoreConformance({ name: 'memory', make: () => ({ store: new MemoryCartStore() }) }, { describe, it, afterEach });
promotionStoreConformance({ name: 'memory', make: () => ({ store: new MemoryPromotionStore() }) }, { describe, it, afterEach });
