export { MemoryIdempotencyStore } from './idempotency-store.js';
export { MemoryCheckoutStore } from './checkout-store.js';
export { MemoryOrderStore } from './order-store.js';
