// A placing process of multi-process-events.test.ts: places `count` orders through the real
// checkout (`forever`: until killed), `lanes` at a time, each then marked fulfilled, so
// every order records order.placed, order.paid and order.fulfilled. Reports the order ids.
import { Redis } from 'ioredis';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { placeOrder } from '../events/shop-fixture.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [url, prefix, name, countArg, lanesArg] = process.argv.slice(2) as [string, string, string, string, string];
const client = new Redis(url);
const shop = createCommerce({ adapters: redisAdapters({ client, prefix }), payments: { gateways: [new TestGateway()] } });
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
reportAndExit({ placed });
