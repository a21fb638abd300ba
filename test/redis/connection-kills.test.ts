// A dropped connection must never apply a write twice. ioredis, at its defaults, sends again
// every command that had no answer when its connection dropped; node-redis fails them and
// the adapters send them again. Either way each write reaches Redis once or twice, and its
// operation key (ports/replay.ts) makes the second one answer instead of writing. Here a
// private redis-server has every client connection killed every 150 ms (CLIENT KILL), or
// is itself killed with SIGKILL and restarted from its append-only file, while two app
// instances (two clients) edit carts and reserve stock concurrently. Afterwards every cart
// and every SKU holds exactly what was acknowledged, give or take the calls that failed with
// STORE_UNAVAILABLE (whose outcome the caller does not know: each may or may not have been
// applied, once). A call refused with any other code must not have been applied.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters, type RedisAdapters } from '../../src/adapters/redis/index.js';
import { CartService } from '../../src/cart/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { isCommerceError } from '../../src/shared/errors.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { privateRedisSkipReason, startPrivateRedis, type PrivateRedis } from './private-redis.js';

const skip = privateRedisSkipReason('connection-kill');
const CARTS = 8;
const WORKERS_PER_INSTANCE = 20;
const LOAD_MS = 1500;
const KILL_EVERY_MS = 150;

type Kind = 'ioredis (defaults)' | 'node-redis';

interface Instance {
  adapters: RedisAdapters;
  close(): Promise<void>;
  /** How often the client saw its connection drop. */
  drops(): number;
}

async function instance(kind: Kind, url: string): Promise<Instance> {
  let drops = 0;
  if (kind === 'ioredis (defaults)') {
    const client = new Redis(url);
    client.on('error', () => undefined);
    client.on('reconnecting', () => void drops++);
    return { adapters: redisAdapters({ client, prefix: 'kills:' }), close: () => Promise.resolve(client.disconnect()), drops: () => drops };
  }
  const client = createClient({ url });
  client.on('error', () => undefined);
  client.on('reconnecting', () => void drops++);
  await client.connect();
  return { adapters: redisAdapters({ client, prefix: 'kills:' }), close: () => Promise.resolve(client.destroy()), drops: () => drops };
}

type Outcome = 'acked' | 'unknown' | 'refused';

/**
 * Runs `unitOf` and its call from every worker until the time is up; answers each unit with
 * how its call ended: acknowledged, unknown (STORE_UNAVAILABLE) or refused (any other code).
 */
async function load<K>(workers: number, work: (worker: number, round: number) => { unit: K; call: () => Promise<unknown> }): Promise<{ unit: K; outcome: Outcome }[]> {
  const done: { unit: K; outcome: Outcome }[] = [];
  const until = Date.now() + LOAD_MS;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let round = 0; Date.now() < until; round++) {
        const { unit, call } = work(worker, round);
        try {
          await call();
          done.push({ unit, outcome: 'acked' });
        } catch (error) {
          if (!isCommerceError(error)) throw error;
          done.push({ unit, outcome: error.code === 'STORE_UNAVAILABLE' ? 'unknown' : 'refused' });
        }
      }
    }),
  );
  return done;
}

/** Kills every client connection of the server every KILL_EVERY_MS until stopped; answers how many it killed. */
function killConnections(url: string): { stop(): Promise<number> } {
  const control = new Redis(url);
  control.on('error', () => undefined);
  let killed = 0;
  const timer = setInterval(() => {
    control.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes').then((n) => void (killed += Number(n)), () => undefined);
  }, KILL_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      control.disconnect();
      return Promise.resolve(killed);
    },
  };
}

/** Units acknowledged, of unknown outcome and refused, beside what the store holds. */
interface Tally {
  acked: number;
  unknown: number;
  refused: number;
  held: number;
}

function tallied<K>(done: readonly { unit: K; outcome: Outcome }[], units: (unit: K) => number, held: number): Tally {
  const total = (outcome: Outcome): number => done.filter((d) => d.outcome === outcome).reduce((n, d) => n + units(d.unit), 0);
  return { acked: total('acked'), unknown: total('unknown'), refused: total('refused'), held };
}

/** What was acknowledged is held, plus at most what ended unknown; nothing refused is held. */
function expectHeldAsAnswered(tally: Tally): void {
  expect(tally.held).toBeGreaterThanOrEqual(tally.acked);
  expect(tally.held).toBeLessThanOrEqual(tally.acked + tally.unknown);
}

describe.skipIf(skip)(`Connection kills and Redis restarts${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  let redis: PrivateRedis;
  beforeAll(async () => void (redis = await startPrivateRedis({ aof: true })));
  afterAll(async () => redis?.stop());

  /** Two instances edit carts; answers each cart's acknowledged, failed and held units. */
  async function cartLoad(kind: Kind, fault: () => () => Promise<void>): Promise<{ carts: Tally[]; drops: number }> {
    const instances = [await instance(kind, redis.url), await instance(kind, redis.url)];
    const services = instances.map(({ adapters }) => new CartService({ store: adapters.carts, promotions: adapters.promotions, defaultCurrency: 'EUR', maxQuantityPerLine: 1_000_000, pricing: 'caller' }));
    const cartIds: string[] = [];
    for (let c = 0; c < CARTS; c++) cartIds.push((await services[0]!.createCart({ sessionId: `s${c}` })).id);
    const stopFault = fault();
    const done = await load(WORKERS_PER_INSTANCE * 2, (worker, round) => {
      const unit = { cart: (worker + round) % CARTS, quantity: 1 + ((worker * 7 + round) % 3) };
      const service = services[worker % 2]!;
      const item = { productId: `p${round % 4}`, sku: `p${round % 4}`, name: 'Mug', quantity: unit.quantity, unitPrice: { amount: '2.50', currency: 'EUR' } };
      return { unit, call: () => service.addItem(cartIds[unit.cart]!, item) };
    });
    await stopFault();
    const carts: Tally[] = [];
    for (let c = 0; c < CARTS; c++) {
      const cart = await services[0]!.getCart(cartIds[c]!);
      carts.push(tallied(done.filter((d) => d.unit.cart === c), (u) => u.quantity, cart?.itemCount ?? -1));
    }
    const drops = instances.reduce((n, i) => n + i.drops(), 0);
    for (const i of instances) await i.close();
    return { carts, drops };
  }

  /** Two instances reserve one unit at a time of a SKU of 1,000,000 and of one of 400; answers the tallies. */
  async function reserveLoad(kind: Kind, fault: () => () => Promise<void>) {
    const instances = [await instance(kind, redis.url), await instance(kind, redis.url)];
    const services = instances.map(({ adapters }) => new InventoryService({ store: adapters.inventory }));
    const run = `${kind}-${Date.now()}`;
    const plenty = `plenty-${run}`;
    const scarce = `scarce-${run}`;
    await instances[0]!.adapters.inventory.addItem({ item: inventoryItemFixture(plenty, { onHand: 1_000_000 }), reason: 'initial', now: 0 });
    await instances[0]!.adapters.inventory.addItem({ item: inventoryItemFixture(scarce, { onHand: 400 }), reason: 'initial', now: 0 });
    const stopFault = fault();
    const done = await load(WORKERS_PER_INSTANCE * 2, (worker, round) => {
      const sku = round % 2 === 0 ? plenty : scarce;
      return { unit: { sku }, call: () => services[worker % 2]!.reserveItems([{ sku, quantity: 1 }]) };
    });
    await stopFault();
    const items = await instances[0]!.adapters.inventory.getItems([plenty, scarce]);
    for (const i of instances) await i.close();
    return {
      plenty: tallied(done.filter((d) => d.unit.sku === plenty), () => 1, items[0]?.reserved ?? -1),
      scarce: tallied(done.filter((d) => d.unit.sku === scarce), () => 1, items[1]?.reserved ?? -1),
    };
  }

  const clientKills = () => {
    const killer = killConnections(redis.url);
    return async () => {
      expect(await killer.stop()).toBeGreaterThan(LOAD_MS / KILL_EVERY_MS / 2);
    };
  };

  const restartOnce = () => {
    const restarted = (async () => {
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS / 3));
      await redis.kill9();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await redis.restart();
    })();
    return async () => void (await restarted);
  };

  for (const kind of ['ioredis (defaults)', 'node-redis'] as const) {
    it(`${kind}: CLIENT KILL every ${KILL_EVERY_MS} ms during concurrent addItem on ${CARTS} carts: each cart holds exactly what was acknowledged`, async () => {
      const { carts, drops } = await cartLoad(kind, clientKills);
      expect(drops).toBeGreaterThan(0);
      carts.forEach(expectHeldAsAnswered);
      expect(carts.map((c) => c.refused)).toEqual(carts.map(() => 0));
    }, 30_000);

    it(`${kind}: CLIENT KILL every ${KILL_EVERY_MS} ms during concurrent reservations: reserved units are exactly the acknowledged reservations, none oversold`, async () => {
      const { plenty, scarce } = await reserveLoad(kind, clientKills);
      expectHeldAsAnswered(plenty);
      expectHeldAsAnswered(scarce);
      expect(plenty.refused).toBe(0);
      expect(scarce.held).toBeLessThanOrEqual(400);
    }, 30_000);
  }

  for (const kind of ['ioredis (defaults)', 'node-redis'] as const) {
    it(`${kind}: kill -9 and restart of Redis (AOF on) mid-load: carts and stock hold exactly what was acknowledged`, async () => {
      const { carts } = await cartLoad(kind, restartOnce);
      carts.forEach(expectHeldAsAnswered);
      const { plenty, scarce } = await reserveLoad(kind, restartOnce);
      expectHeldAsAnswered(plenty);
      expectHeldAsAnswered(scarce);
      expect(plenty.refused).toBe(0);
    }, 60_000);
  }
});
