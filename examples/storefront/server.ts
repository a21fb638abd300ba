// npm run example: the storefront on a loopback port. REDIS_URL puts every store on Redis
// (run two with one SESSION_SECRET to share shoppers); PORT picks the port (default: any free one).
import { buildStorefront } from './app.js';

const { app, storefront } = await buildStorefront({
  redisUrl: process.env.REDIS_URL,
  pgUrl: process.env.PG_URL,
  sessionSecret: process.env.SESSION_SECRET,
  adminToken: process.env.ADMIN_TOKEN,
  history: process.env.STOREFRONT_HISTORY === 'full' ? 'full' : 'demo',
  logger: process.env.LOG === '1',
});
const url = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`storefront: ${url}  (stores: ${storefront.backend})`);
console.log(`admin token: ${storefront.adminToken}  (${url}/admin)`);
storefront.trained.then(
  () => console.log('recommendations trained'),
  (error: unknown) => console.error('recommendations failed to train:', error),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
