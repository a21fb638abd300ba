// A worker process of multi-process.test.ts: its own pg Pool and its own services on the
// schema its siblings share. Once the parent says go it runs its share of one of the races
// (`reserve`, `checkout`, `add-item`, `migrate`) and reports every outcome over IPC. With a
// Redis URL and key prefix after the count, the shop is the mixed set (mixed-set.ts).
import { Redis } from 'ioredis';
import pg from 'pg';
import { migrate, postgresAdapters } from '../../src/adapters/postgres/index.js';
import { createCommerce, isCommerceError } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { readyThenWaitForGo, reportAndExit } from '../redis/worker-process.js';
import { mixedShop } from './mixed-set.js';

const [mode, url, schema, target, countArg, redisUrl, prefix] = process.argv.slice(2) as [string, string, string, string, string, string?, string?];
const count = Number(countArg);
const IN_FLIGHT = 16;

const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on('error', () => undefined);
const redis = redisUrl && prefix ? new Redis(redisUrl) : undefined;
const shop =
  redis && prefix
    ? mixedShop({ pool, schema, client: redis, prefix })
    : createCommerce({
        adapters: postgresAdapters({ pool, schema }),
        payments: { gateways: [new TestGateway()] },
        // Losers of the completion claim wait for the winner's answer (in another process).
        checkout: { idempotency: { pollMs: 5, waitMs: 10_000 } },
      });
let placed = 0;
shop.events.on('order.placed', () => void (placed += 1));
// Opens the pool's connections before the go, so the race measures the steps, not connecting.
await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT 1')));

await readyThenWaitForGo();

/** Runs `call` `count` times, IN_FLIGHT at a time, and sorts the outcomes. */
async function race<T>(call: (i: number) => Promise<T>, refusal?: string): Promise<{ ok: T[]; refused: number; failed: string[] }> {
  const tally = { ok: [] as T[], refused: 0, failed: [] as string[] };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, count) }, async () => {
      while (next < count) {
        const i = next++;
        try {
          tally.ok.push(await call(i));
        } catch (error) {
          if (refusal && isCommerceError(error) && error.code === refusal) tally.refused += 1;
          else tally.failed.push(String(error));
        }
      }
    }),
  );
  return tally;
}

let report: unknown;
if (mode === 'reserve') {
  report = await race(async () => (await shop.inventory.reserveItems([{ sku: target, quantity: 1 }])).id, 'INSUFFICIENT_INVENTORY');
} else if (mode === 'checkout') {
  // All at once: every call of every process is in flight together.
  const settled = await Promise.allSettled(Array.from({ length: count }, () => shop.checkout.completeOrder({ checkoutId: target })));
  report = {
    ok: settled.flatMap((s) => (s.status === 'fulfilled' ? [{ orderId: s.value.orderId, replayed: s.value.replayed }] : [])),
    failed: settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])),
    placed,
  };
} else if (mode === 'add-item') {
  report = await race(async (i) => void (await shop.cart.addItem(target, { sku: `SKU-${i % 4}`, quantity: 1 })));
} else if (mode === 'migrate') {
  report = await migrate(pool, { schema });
}
await pool.end();
await redis?.quit();
reportAndExit(report);
