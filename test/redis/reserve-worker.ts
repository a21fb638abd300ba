// A worker process of multi-process.test.ts: its own Redis connection, its own service, the
// same store prefix as its siblings. Makes `count` single-unit reservations of one SKU, a few
// at a time, and reports how many were granted and refused to the parent over IPC.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { isCommerceError } from '../../src/shared/index.js';
import { connect, type ClientKind } from './harness.js';

const [kind, prefix, sku, countArg] = process.argv.slice(2) as [ClientKind, string, string, string];
const count = Number(countArg);
const IN_FLIGHT = 16;

const raw = await connect(kind);
const service = new InventoryService({ store: redisAdapters({ client: raw.client, prefix }).inventory });
const tally = { granted: [] as string[], refused: 0, failed: [] as string[] };
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
await raw.close();
process.send?.(tally, () => process.exit(0));
