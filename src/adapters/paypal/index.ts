export { PayPalGateway, type PayPalGatewayOptions } from './paypal-gateway.js';
export { PAYPAL_WEBHOOK_EVENTS } from './paypal-webhooks.js';
export { toPayPalValue, fromPayPalValue } from './paypal-amounts.js';
