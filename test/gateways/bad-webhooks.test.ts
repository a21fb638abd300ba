import { memoryFamily } from '../payment/webhook-refusals.js';
import { payPalBadWebhooks } from './paypal-bad-webhooks.js';
import { stripeBadWebhooks } from './stripe-bad-webhooks.js';

stripeBadWebhooks(memoryFamily);
payPalBadWebhooks(memoryFamily);
