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
export { catalogStoreConformance, sampleProduct } from './catalog-store-conformance.js';
export { orderStoreConformance, sampleOrder } from './order-store-conformance.js';
export { paymentStoreConformance } from './payment-store-conformance.js';
export { velocityStoreConformance } from './velocity-store-conformance.js';
export { TestGateway, TestGatewayState, TEST_SIGNATURE_HEADER, type TestGatewayOptions, type InjectedFailure } from './test-gateway.js';
export { TEST_TOKENS, TEST_CARDS, TEST_FEE_SCHEDULE, type FeeRule, type TestScript } from './test-cards.js';
export { interactionStoreConformance } from './interaction-store-conformance.js';
export { modelSnapshotStoreConformance } from './model-snapshot-store-conformance.js';
export { eventLogConformance, type EventLogUnderTest } from './event-log-conformance.js';
export { recordedEventsConformance, type RecordingStoresUnderTest } from './recorded-events-conformance.js';
