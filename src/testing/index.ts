export { ManualClock } from './manual-clock.js';
export { SequentialIds } from './sequential-ids.js';
export {
  defineConformanceSuite,
  type ConformanceContext,
  type ConformanceSuite,
  type ConformanceTest,
  type StoreFactory,
  type StoreUnderTest,
  type TestApi,
} from './conformance.js';
export { idempotencyStoreConformance } from './idempotency-store-conformance.js';
export { inventoryStoreConformance, inventoryItemFixture } from './inventory-store-conformance.js';
export { cartStoreConformance } from './cart-store-conformance.js';
export { promotionStoreConformance } from './promotion-store-conformance.js';
export { checkoutStoreConformance, sampleCheckout } from './checkout-store-conformance.js';
export { orderStoreConformance, sampleOrder } from './order-store-conformance.js';
