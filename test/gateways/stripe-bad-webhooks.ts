// Signed Stripe events whose amounts or currency are wrong: refused with a CommerceError
// before anything is written (run on memory and on Redis).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../src/adapters/stripe/index.js';
import type { CommerceErrorCode } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { BAD_MINOR_AMOUNTS, expectRefusedUnchanged, jsonBody, paymentService, type Delivery, type StoreFamily } from '../payment/webhook-refusals.js';
import { StripeFake } from './stripe-fake.js';

type Json = Record<string, unknown>;
const SECRET = 'whsec_bad_amounts';

/** Sets a field of a Stripe object; `undefined` removes it. */
function put(object: Json, field: string, value: unknown): void {
  if (value === undefined) delete object[field];
  else object[field] = value;
}

/** Changes to a 40.00 EUR payment's Stripe object (an intent or a refund), with the code each is refused with. */
const BAD_CHANGES: readonly { name: string; field: 'amount' | 'currency'; value: unknown; code: CommerceErrorCode }[] = [
  ...BAD_MINOR_AMOUNTS.map((bad) => ({ name: `amount ${bad.name}`, field: 'amount' as const, value: bad.value, code: 'INVALID_AMOUNT' as const })),
  { name: 'amount above the whole payment', field: 'amount', value: 4001, code: 'INVALID_AMOUNT' },
  { name: 'currency of another payment', field: 'currency', value: 'usd', code: 'CURRENCY_MISMATCH' },
  { name: 'currency unknown', field: 'currency', value: 'xyz', code: 'INVALID_CURRENCY' },
  { name: 'currency missing', field: 'currency', value: undefined, code: 'INVALID_CURRENCY' },
  { name: 'currency not a string', field: 'currency', value: 978, code: 'INVALID_CURRENCY' },
];

export function stripeBadWebhooks(family: StoreFamily): void {
  describe.skipIf(family.skip !== undefined)(`bad amounts in signed Stripe webhooks (${family.name})`, () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const fake = new StripeFake(() => clock.now());
    let order = 0;
    beforeAll(async () => {
      await fake.start();
    });
    afterAll(async () => {
      await fake.stop();
    });

    async function setup(capture: boolean) {
      const stripe = new Stripe('sk_test_fake', { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 });
      const stores = await family.make(clock);
      const service = paymentService(stores, new StripeGateway({ stripe, webhookSecrets: [SECRET], clock }), clock, { routing: { credit_card: ['stripe'] } });
      const paid = await service.processPayment({ orderId: `stripe-order-${++order}`, amount: { amount: '40.00', currency: 'EUR' }, method: 'credit_card', paymentToken: 'pm_card_visa', customer: { email: 'c@example.com' }, capture });
      const intentId = String(paid.gatewayTransactionId);
      /** The event Stripe sends about `objectId` as it is now, with `change` made to its object, signed. */
      const signed = (type: string, objectId: string, change: (object: Json) => void = () => undefined): Delivery => {
        const event = JSON.parse(fake.event(type, objectId)) as { data: { object: Json } };
        change(event.data.object);
        const rawBody = jsonBody(event);
        return { rawBody, headers: { 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET, timestamp: Math.floor(clock.now() / 1000) }) } };
      };
      return { stripe, service, store: stores.payments, paid, intentId, signed };
    }

    it.each(BAD_CHANGES)('payment_intent.succeeded, $name: refused, nothing written', async ({ field, value, code }) => {
      const { stripe, service, store, paid, intentId, signed } = await setup(false);
      // Captured on the dashboard: the event is the only news of it.
      await stripe.paymentIntents.capture(intentId, {});
      const bad = signed('payment_intent.succeeded', intentId, (intent) => put(intent, field === 'amount' ? 'amount_received' : 'currency', value));
      await expectRefusedUnchanged(service, store, paid.paymentId, bad, code);
      const good = signed('payment_intent.succeeded', intentId);
      expect(await service.handleWebhook(good.rawBody, good.headers)).toMatchObject({ outcome: 'applied', payment: { status: 'captured' } });
    });

    // The fake keeps refunds as plain JSON, which cannot hold a number beyond a double.
    it.each(BAD_CHANGES.filter((c) => typeof c.value !== 'symbol'))('charge.refunded, $name: refused, nothing written', async ({ field, value, code }) => {
      const { stripe, service, store, paid, intentId, signed } = await setup(true);
      const chargeId = String(fake.intents.get(intentId)?.latest_charge);
      const made = await stripe.refunds.create({ payment_intent: intentId, amount: 1500 });
      // The event names the charge and the adapter looks the refund up: the refund is what is wrong.
      const refund = fake.refunds.get(made.id) as Json;
      const asMade = { ...refund };
      put(refund, field, value);
      await expectRefusedUnchanged(service, store, paid.paymentId, signed('charge.refunded', chargeId), code);
      Object.assign(refund, asMade);
      const good = signed('charge.refunded', chargeId);
      expect(await service.handleWebhook(good.rawBody, good.headers)).toMatchObject({ outcome: 'applied', payment: { status: 'partially_refunded' } });
    });
  });
}
