// The store suites on a real 3-node Redis Cluster: every
// atomic step must stay within one slot (no CROSSSLOT).
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import {
  cartStoreConformance,
  checkoutStoreConformance,
  idempotencyStoreConformance,
  inventoryStoreConformance,
  orderStoreConformance,
  paymentStoreConformance,
  promotionStoreConformance,
  velocityStoreConformance,
  type StoreFactory,
} from '../../src/testing/index.js';
import { clusterSkipReason, startCluster, type LocalCluster } from './cluster.js';
import { testPrefix } from './harness.js';

const skip = clusterSkipReason();
let cluster: LocalCluster | undefined;
const clients = new Map<string, Awaited<ReturnType<LocalCluster['client']>>>();

beforeAll(async () => {
  if (!skip) cluster = await startCluster();
}, 60_000);

afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await cluster?.stop();
});

function clusterFactory<S>(kind: 'node-redis' | 'ioredis', pick: (a: ReturnType<typeof redisAdapters>) => S): StoreFactory<S> {
  return {
    name: `redis cluster (${kind})`,
    skip,
    make: async ({ clock }) => {
      if (!cluster) throw new Error('cluster did not start');
      let c = clients.get(kind);
      if (!c) clients.set(kind, (c = await cluster.client(kind)));
      // The cluster is thrown away after the file, so keys need no cleanup.
      return { store: pick(redisAdapters({ client: c.client, prefix: testPrefix('cluster'), clock })) };
    },
  };
}

for (const kind of ['node-redis', 'ioredis'] as const) {
  idempotencyStoreConformance(clusterFactory(kind, (a) => a.idempotency), { describe, it, afterEach });
  inventoryStoreConformance(clusterFactory(kind, (a) => a.inventory), { describe, it, afterEach });
  // Orders span 16 shard slots: listings and the two-step create (number slot, then order
  // slot) cross nodes without CROSSSLOT; payment spend is counted in the customer's slot.
  checkoutStoreConformance(clusterFactory(kind, (a) => a.checkouts), { describe, it, afterEach });
  orderStoreConformance(clusterFactory(kind, (a) => a.orders), { describe, it, afterEach });
  paymentStoreConformance(clusterFactory(kind, (a) => a.payments), { describe, it, afterEach });
  velocityStoreConformance(clusterFactory(kind, (a) => a.velocity), { describe, it, afterEach });
  cartStoreConformance(clusterFactory(kind, (a) => a.carts), { describe, it, afterEach });
  promotionStoreConformance(clusterFactory(kind, (a) => a.promotions), { describe, it, afterEach });
}
