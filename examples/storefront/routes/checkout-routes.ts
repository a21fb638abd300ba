// Checkout in steps: start from the session's cart, the guest's email, the address, the
// shipping option, a payment token, then complete at the total the shopper reviewed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CommerceError, completeOrderSchema, parseInput, selectShippingOptionSchema, updateGuestInfoSchema, updatePaymentInfoSchema, updateShippingInfoSchema } from '../../../src/index.js';
import { bodyOf, cartIdOf, type Storefront } from '../context.js';
import { rememberGuestOrder, saveSession } from '../session.js';

/** The signed-in shopper's account email: a host reads it from its user table. */
export const accountEmail = (userId: string): string => `${userId.toLowerCase().replace(/[^a-z0-9._-]/g, '')}@example.com`;

function checkoutIdOf(request: FastifyRequest): string {
  const id = request.session.checkoutId;
  if (!id) throw new CommerceError('CHECKOUT_NOT_FOUND', { reason: 'no checkout in this session; start one from the cart' });
  return id;
}

/** What a card form sends the provider: the provider checks the number itself (INVALID_CARD). */
const testCardSchema = z.object({
  number: z.string().max(30),
  expMonth: z.coerce.number().int().min(1).max(12),
  expYear: z.coerce.number().int().min(2000).max(2200),
  cvc: z.string().max(4),
});

export function checkoutRoutes(app: FastifyInstance, sf: Storefront): void {
  const { checkout } = sf.shop;

  app.post('/api/checkout', async (request, reply) => {
    const cartId = await cartIdOf(sf, request);
    const { userId } = request.session;
    const started = await checkout.startCheckout({ cartId, ...(userId ? { userId, email: accountEmail(userId) } : {}) });
    saveSession(request, { checkoutId: started.id });
    return reply.code(201).send(await checkout.getCheckoutSummary({ checkoutId: started.id }));
  });

  app.get('/api/checkout', async (request) => checkout.getCheckoutSummary({ checkoutId: checkoutIdOf(request) }));

  app.post('/api/checkout/guest', async (request) => {
    await checkout.updateGuestInfo(bodyOf(updateGuestInfoSchema, request, { checkoutId: checkoutIdOf(request) }));
    return checkout.getCheckoutSummary({ checkoutId: checkoutIdOf(request) });
  });

  app.post('/api/checkout/shipping', async (request) => {
    await checkout.updateShippingInfo(bodyOf(updateShippingInfoSchema, request, { checkoutId: checkoutIdOf(request) }));
    return checkout.getCheckoutSummary({ checkoutId: checkoutIdOf(request) });
  });

  app.post('/api/checkout/shipping-option', async (request) => {
    await checkout.selectShippingOption(bodyOf(selectShippingOptionSchema, request, { checkoutId: checkoutIdOf(request) }));
    return checkout.getCheckoutSummary({ checkoutId: checkoutIdOf(request) });
  });

  app.post('/api/checkout/payment', async (request) => {
    // The shopper's address is the fraud screen's; the IP would be too behind a real proxy.
    await checkout.updatePaymentInfo(bodyOf(updatePaymentInfoSchema, request, { checkoutId: checkoutIdOf(request) }));
    return checkout.getCheckoutSummary({ checkoutId: checkoutIdOf(request) });
  });

  app.post('/api/checkout/complete', async (request, reply) => {
    const input = bodyOf(completeOrderSchema, request, { checkoutId: checkoutIdOf(request) });
    const placed = await checkout.completeOrder(input);
    if (!request.session.userId) rememberGuestOrder(request, placed.orderId);
    // The order waits on the shopper's bank (3-D Secure), or the bank said no and the checkout
    // reopened: the session keeps the checkout, whose page shows what to do next.
    if (placed.nextAction || placed.status === 'payment_pending' || placed.status === 'cancelled') return reply.code(202).send(placed);
    saveSession(request, { checkoutId: undefined, cartId: undefined });
    return reply.code(201).send(placed);
  });

  // Stands for the payment provider's browser script (Stripe.js, PayPal's buttons): there the
  // card goes from the browser to the provider, which answers a token; the shop's server never
  // sees a number. The TestGateway has no servers, so this route plays the provider.
  app.post('/test-gateway/tokens', (request) => ({ token: sf.gateway.tokenizeCard(parseInput(testCardSchema, request.body, 'tokenizeCard')) }));

  // Stands for the shopper's bank answering 3-D Secure (the page is in checkout-page.ts). The
  // provider then tells the shop by webhook, delivered here as it would arrive at /webhooks.
  app.post<{ Params: { transactionId: string } }>('/test-gateway/3ds/:transactionId', async (request) => {
    const { outcome } = parseInput(z.object({ outcome: z.enum(['approve', 'fail']) }), request.body ?? {}, 'threeDSecure');
    let webhook: { rawBody: string; headers: Record<string, string> };
    try {
      webhook = sf.gateway.completeAction(request.params.transactionId, outcome === 'approve');
    } catch {
      throw new CommerceError('PAYMENT_NOT_FOUND', { reason: 'no payment waits for 3-D Secure under this id' });
    }
    return { outcome: await sf.shop.payments.handleWebhook(webhook.rawBody, webhook.headers) };
  });
}
