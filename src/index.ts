// commerce-kernel: the public surface. Core services, Money, errors, schemas and the
// in-memory adapters; Redis lives in 'commerce-kernel/redis', test kits in '/testing'.
export * from './shared/index.js';
export type * from './ports/index.js';
export { systemClock } from './adapters/system/system-clock.js';
export { randomIds } from './adapters/system/random-ids.js';
export * from './adapters/memory/index.js';
export { IdempotentRunner, requestFingerprint, type IdempotencySettings, type IdempotentOutcome, type RunOptions } from './shared/idempotency.js';
export * from './inventory/index.js';
export * from './catalog/index.js';
export * from './cart/index.js';
export * from './checkout/index.js';
export * from './payment/index.js';
export * from './recommend/index.js';
export * from './events/index.js';
export { createCommerce, type CreateCommerceOptions, type Commerce, type CommerceEvents } from './create-commerce.js';
