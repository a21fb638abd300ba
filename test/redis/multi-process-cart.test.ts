// Several app instances, one truth: 4 worker processes, each with its own connection
// (two node-redis, two ioredis), fire 400 concurrent addItem calls on ONE cart through
// CartService. Every add must succeed and be kept: the line edit is one Lua script, so
// there is no read-then-write to lose and no conflict to retry.
import { afterAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { CartService } from '../../src/cart/index.js';
import { forkWorker, runTogether } from './worker-process.js';
import { connect, redisSkipReason, testPrefix, type RawRedis } from './harness.js';

const skip = await redisSkipReason('multi-process cart');
const WORKERS = 4;
const PER_WORKER = 100;

interface WorkerResult {
  worker: string;
  ok: number;
  failures: string[];
}

describe.skipIf(skip)(`CartService on Redis across processes${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  let raw: RawRedis | undefined;
  const prefix = testPrefix('multi-process-cart');
  afterAll(async () => {
    if (!raw) return;
    await raw.scanDelete(`${prefix}*`);
    await raw.close();
  });

  it(`${WORKERS} processes x ${PER_WORKER} concurrent addItem on one cart: none fails, nothing is lost`, async () => {
    raw = await connect('ioredis');
    const { carts, promotions } = redisAdapters({ client: raw.client, prefix });
    const service = new CartService({ store: carts, promotions, defaultCurrency: 'EUR', pricing: 'caller' });
    const cart = await service.createCart({ sessionId: 'shared' });

    const kinds = ['node-redis', 'ioredis', 'node-redis', 'ioredis'];
    const reports = await runTogether(kinds.map((kind, w) => forkWorker<WorkerResult>('./cart-worker.ts', [kind, prefix, cart.id, String(PER_WORKER), String(w)])));

    expect(reports.flatMap((r) => r.failures)).toEqual([]);
    expect(reports.reduce((a, r) => a + r.ok, 0)).toBe(WORKERS * PER_WORKER);
    const final = await service.getCart(cart.id);
    expect(final?.itemCount).toBe(WORKERS * PER_WORKER);
    expect(final?.version).toBe(1 + WORKERS * PER_WORKER);
    // i % 8 over 100 adds per worker: products p0..p3 get 13 per worker, p4..p7 get 12.
    expect(Object.fromEntries(final?.lines.map((l) => [l.productId, l.quantity]) ?? [])).toEqual({
      p0: 52, p1: 52, p2: 52, p3: 52, p4: 48, p5: 48, p6: 48, p7: 48,
    });
  }, 60_000);
});
