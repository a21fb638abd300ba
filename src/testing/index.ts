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
export { interactionStoreConformance } from './interaction-store-conformance.js';
