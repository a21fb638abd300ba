export { StripeGateway, type StripeGatewayOptions } from './stripe-gateway.js';
export { STRIPE_WEBHOOK_EVENTS } from './stripe-webhooks.js';
export { toStripeAmount, fromStripeAmount } from './stripe-amounts.js';
