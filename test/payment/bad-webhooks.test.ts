import { testGatewayBadWebhooks } from './test-gateway-bad-webhooks.js';
import { memoryFamily } from './webhook-refusals.js';

testGatewayBadWebhooks(memoryFamily);
