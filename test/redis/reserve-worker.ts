// A worker process of multi-process.test.ts: its own Redis connection, its own service, the
// same store prefix as its siblings. Makes `count` single-unit reservations of one SKU, a few
// at a time once the parent says go, and reports how many were granted and refused over IPC.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { isCommerceError } from '../../src/shared/index.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [kind, url, prefix, sku, countArg] = process.argv.slice(2) as [string, string, string, string, string];
const count = Number(countArg);
const IN_FLIGHT = 16;

// Only the one client library this worker uses is loaded (not the test harness): start-up
// is most of a worker's life.
const client =
  kind === 'ioredis'
    ? new (await import('ioredis')).Redis(url)
    : await (await import('redis')).createClient({ url }).connect();
const service = new InventoryService({ store: redisAdapters({ client, prefix }).inventory });
const tally = { granted: [] as string[], refused: 0, failed: [] as string[] };
await readyThenWaitForGo();
let next = 0;
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < count) {
      next += 1;
      try {
        tally.granted.push((await service.reserveItems([{ sku, quantity: 1 }])).id);
      } catch (error) {
        if (isCommerceError(error) && error.code === 'INSUFFICIENT_INVENTORY') tally.refused += 1;
        else tally.failed.push(String(error));
      }
    }
  }),
);
await client.quit();
reportAndExit(tally);
