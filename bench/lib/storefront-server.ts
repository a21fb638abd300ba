// The storefront the HTTP benchmark calls, in its own process (so the load generator does not
// share its event loop): memory stores, no recommendation training, the velocity rule off
// (one test card pays thousands of times), a SKU with stock for every checkout. Prints its URL.
import { buildStorefront } from '../../examples/storefront/app.js';

const { app, storefront } = await buildStorefront({ history: 'none', velocityChecks: false });
await storefront.shop.inventory.updateStock(process.argv[2] ?? 'SKU-22720', 10_000_000, 'set');
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(url);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
