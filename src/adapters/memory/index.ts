export { MemoryIdempotencyStore } from './idempotency-store.js';
export { MemoryCheckoutStore } from './checkout-store.js';
export { MemoryOrderStore } from './order-store.js';
export { MemoryPaymentStore } from './payment-store.js';
export { MemoryVelocityStore } from './velocity-store.js';
export { MemoryGeoIp } from './geo-ip.js';
export { MemoryBinLookup } from './bin-lookup.js';
