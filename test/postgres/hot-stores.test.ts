// The stores a mixed deployment usually keeps on Redis, run unchanged on PostgreSQL too.
import { afterEach, describe, it } from 'vitest';
import { cartStoreConformance, checkoutStoreConformance, idempotencyStoreConformance, velocityStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('CartStore / CheckoutStore / VelocityStore / IdempotencyStore');
cartStoreConformance(pgFactory('cart', skip, (a) => a.carts), { describe, it, afterEach });
checkoutStoreConformance(pgFactory('checkout', skip, (a) => a.checkouts), { describe, it, afterEach });
velocityStoreConformance(pgFactory('velocity', skip, (a) => a.velocity), { describe, it, afterEach });
idempotencyStoreConformance(pgFactory('idempotency', skip, (a) => a.idempotency), { describe, it, afterEach });
