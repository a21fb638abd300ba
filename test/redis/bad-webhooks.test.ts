// The bad-webhook suites of every gateway on Redis stores: a refused event leaves the stored
// payment (one record, its ledger and applied events) and its parked events as they were.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { payPalBadWebhooks } from '../gateways/paypal-bad-webhooks.js';
import { stripeBadWebhooks } from '../gateways/stripe-bad-webhooks.js';
import { testGatewayBadWebhooks } from '../payment/test-gateway-bad-webhooks.js';
import type { StoreFamily } from '../payment/webhook-refusals.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('bad webhooks');
const space = redisTestSpace('bad-webhooks');

for (const kind of CLIENT_KINDS) {
  const family: StoreFamily = {
    name: `redis (${kind})`,
    skip,
    make: async (clock) => {
      const { client } = await space.open(kind);
      const { payments, idempotency, velocity } = redisAdapters({ client, prefix: space.prefix(), clock });
      return { payments, idempotency, velocity };
    },
  };
  testGatewayBadWebhooks(family);
  stripeBadWebhooks(family);
  payPalBadWebhooks(family);
}
