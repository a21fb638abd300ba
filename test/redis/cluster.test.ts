// The store suites on a real 3-node Redis Cluster: every
// atomic step must stay within one slot (no CROSSSLOT).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { CART_SHARDS } from '../../src/adapters/redis/cart-store.js';
import { shardOf } from '../../src/adapters/redis/keys.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import {
  cartStoreConformance,
  catalogStoreConformance,
  checkoutStoreConformance,
  eventLogConformance,
  recordedEventsConformance,
  idempotencyStoreConformance,
  interactionStoreConformance,
  inventoryStoreConformance,
  modelSnapshotStoreConformance,
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
  // One stream per order shard, read one slot at a time.
  eventLogConformance(clusterFactory(kind, (a) => ({ log: a.eventLog, orders: a.orders })), { describe, it, afterEach });
  // Payments, checkouts and products record on the stream of their id's shard, in its slot.
  recordedEventsConformance(clusterFactory(kind, (a) => ({ log: a.eventLog, payments: a.payments, checkouts: a.checkouts, catalog: a.catalog, inventory: a.inventory })), { describe, it, afterEach });
  paymentStoreConformance(clusterFactory(kind, (a) => a.payments), { describe, it, afterEach });
  velocityStoreConformance(clusterFactory(kind, (a) => a.velocity), { describe, it, afterEach });
  cartStoreConformance(clusterFactory(kind, (a) => a.carts), { describe, it, afterEach });
  promotionStoreConformance(clusterFactory(kind, (a) => a.promotions), { describe, it, afterEach });
  // Products spread over the slots; a save claims SKUs in the catalogue's slot first.
  catalogStoreConformance(clusterFactory(kind, (a) => a.catalog), { describe, it, afterEach });
  interactionStoreConformance(clusterFactory(kind, (a) => a.interactions), { describe, it, afterEach });
  modelSnapshotStoreConformance(clusterFactory(kind, (a) => a.modelSnapshots), { describe, it, afterEach });
}

// Line edits of many carts made in the same tick share a call on a single server; on a
// cluster they must keep to one shard per call, or Redis refuses the call (CROSSSLOT).
describe.skipIf(skip)(`cart line edits of many shards at once on a cluster${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  for (const kind of ['node-redis', 'ioredis'] as const) {
    it(`${kind}: is recognised as a cluster, and 40 carts edited in one tick each get their edit`, async () => {
      if (!cluster) throw new Error('cluster did not start');
      let c = clients.get(kind);
      if (!c) clients.set(kind, (c = await cluster.client(kind)));
      expect(toScriptClient(c.client).singleServer).toBe(false);
      const { carts } = redisAdapters({ client: c.client, prefix: testPrefix('cluster-batch') });
      const now = Date.now();
      const ids = Array.from({ length: 40 }, (_, i) => `b${i}`);
      expect(new Set(ids.map((id) => shardOf(id, CART_SHARDS))).size).toBeGreaterThan(10);
      for (const id of ids) await carts.create({ id, userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + 60_000 });
      const line = { productId: 'p', sku: 's', name: 'p', quantity: 1, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard' as const, categories: [], weightGrams: 0 };
      const results = await Promise.all(ids.map((cartId) => carts.addToLine({ cartId, line, limits: { maxQuantity: 10, maxLines: 10 }, now, expiresAt: now + 60_000 })));
      expect(results.map((r) => r.code)).toEqual(ids.map(() => 'ok'));
    });
  }
});
