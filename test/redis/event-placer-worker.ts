// A placing process of multi-process-events.test.ts: places `count` orders through the real
// checkout (`forever`: until killed), `lanes` at a time, each then marked fulfilled, so
// every order records order.placed, order.paid and order.fulfilled. Reports the order ids.
// With a PostgreSQL URL and schema after the lanes, the shop is the mixed set (test/postgres/mixed-set.ts).
import { Redis } from 'ioredis';
import pg from 'pg';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { placeOrder } from '../events/shop-fixture.js';
import { mixedShop } from '../postgres/mixed-set.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [url, prefix, name, countArg, lanesArg, pgUrl, pgSchema] = process.argv.slice(2) as [string, string, string, string, string, string?, string?];
const client = new Redis(url);
const pool = pgUrl && pgSchema ? new pg.Pool({ connectionString: pgUrl, max: 4 }) : undefined;
pool?.on('error', () => undefined);
const shop =
  pool && pgSchema ? mixedShop({ pool, schema: pgSchema, client, prefix }) : createCommerce({ adapters: redisAdapters({ client, prefix }), payments: { gateways: [new TestGateway()] } });
const count = countArg === 'forever' ? Infinity : Number(countArg);
await readyThenWaitForGo();
const placed: string[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: Number(lanesArg) }, async () => {
    while (next < count) {
      const session = `${name}-${next++}`;
      const orderId = await placeOrder(shop, session);
      await shop.orders.markFulfilled({ orderId });
      placed.push(orderId);
    }
  }),
);
await client.quit();
await pool?.end();
reportAndExit({ placed });
