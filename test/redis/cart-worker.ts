// A worker process of multi-process-cart.test.ts: its own connection, its own CartService,
// `count` concurrent addItem calls on one shared cart once the parent says "go".
// argv: kind prefix cartId count worker. Reports its results to the parent over IPC.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { CartService } from '../../src/cart/index.js';
import { connect, type ClientKind } from './harness.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [kind, prefix, cartId, countArg, worker] = process.argv.slice(2) as [ClientKind, string, string, string, string];
const count = Number(countArg);
const raw = await connect(kind);
const { carts, promotions } = redisAdapters({ client: raw.client, prefix });
const service = new CartService({ store: carts, promotions, defaultCurrency: 'EUR', pricing: 'caller' });

await readyThenWaitForGo();

const results = await Promise.allSettled(
  Array.from({ length: count }, (_, i) =>
    service.addItem(cartId, { productId: `p${i % 8}`, sku: `p${i % 8}-sku`, name: `worker ${worker}`, quantity: 1, unitPrice: { amount: '1.25', currency: 'EUR' } }),
  ),
);
const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { code?: string }).code ?? r.reason)] : []));
await raw.close();
reportAndExit({ worker, ok: count - failures.length, failures });
