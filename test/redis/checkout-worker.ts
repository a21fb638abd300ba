// A worker process of multi-process-checkout.test.ts: its own Redis connection and its own
// createCommerce on the shared prefix. Calls completeOrder `count` times at once on one
// checkout and reports every outcome to the parent over IPC. Its TestGateway lives in this
// process only, so the parent counts authorizations in the shared payment store instead.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [kind, url, prefix, checkoutId, countArg] = process.argv.slice(2) as [string, string, string, string, string];
const count = Number(countArg);

const client =
  kind === 'ioredis'
    ? new (await import('ioredis')).Redis(url)
    : await (await import('redis')).createClient({ url }).connect();
const shop = createCommerce({
  adapters: redisAdapters({ client, prefix }),
  payments: { gateways: [new TestGateway()] },
  // Losers of the completion claim wait for the winner's answer (in another process).
  checkout: { idempotency: { pollMs: 5, waitMs: 10_000 } },
});
let placed = 0;
shop.events.on('order.placed', () => void (placed += 1));

await readyThenWaitForGo();

const settled = await Promise.allSettled(Array.from({ length: count }, () => shop.checkout.completeOrder({ checkoutId })));
const report = {
  results: settled.flatMap((s) => (s.status === 'fulfilled' ? [{ orderId: s.value.orderId, replayed: s.value.replayed }] : [])),
  failed: settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])),
  placed,
};
await client.quit();
reportAndExit(report);
