// Signed PayPal events whose amounts, fees or currency are wrong: refused with a
// CommerceError before anything is written (run on memory and on Redis).
import { Client, Environment } from '@paypal/paypal-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayPalGateway } from '../../src/adapters/paypal/index.js';
import type { CommerceErrorCode } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { expectRefusedUnchanged, paymentService, type StoreFamily } from '../payment/webhook-refusals.js';
import { LoopbackAgent } from './loopback-tls.js';
import { PayPalFake } from './paypal-fake.js';

type Json = Record<string, unknown>;
type Amount = { value?: unknown; currency_code?: unknown };

/** PayPal writes amounts as decimal strings with a currency code; a 50.00 USD payment. */
const BAD_AMOUNTS: readonly { name: string; amount: Amount | undefined; code: CommerceErrorCode }[] = [
  { name: 'a fraction of a cent', amount: { value: '12.345', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'a number, not a string', amount: { value: 12.5, currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'not a decimal', amount: { value: 'twelve', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'negative', amount: { value: '-5.00', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'NaN', amount: { value: 'NaN', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'beyond a safe integer of cents', amount: { value: '99999999999999999.00', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'huge', amount: { value: '1e30', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'missing value', amount: { currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'zero', amount: { value: '0.00', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'above the whole payment', amount: { value: '50.01', currency_code: 'USD' }, code: 'INVALID_AMOUNT' },
  { name: 'currency of another payment', amount: { value: '50.00', currency_code: 'EUR' }, code: 'CURRENCY_MISMATCH' },
  { name: 'currency unknown', amount: { value: '50.00', currency_code: 'XYZ' }, code: 'INVALID_CURRENCY' },
  { name: 'currency lower case', amount: { value: '50.00', currency_code: 'usd' }, code: 'INVALID_CURRENCY' },
  { name: 'currency missing', amount: { value: '50.00' }, code: 'INVALID_CURRENCY' },
  { name: 'no amount at all', amount: undefined, code: 'INVALID_CURRENCY' },
];

const BAD_FEES: readonly { name: string; fee: unknown }[] = [
  { name: 'not a decimal', fee: 'abc' },
  { name: 'negative', fee: '-1.00' },
  { name: 'a number', fee: 0.5 },
];

export function payPalBadWebhooks(family: StoreFamily): void {
  describe.skipIf(family.skip !== undefined)(`bad amounts in signed PayPal webhooks (${family.name})`, () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const fake = new PayPalFake('WH-bad-amounts', () => clock.now());
    let n = 0;
    beforeAll(async () => {
      await fake.start();
    });
    afterAll(async () => {
      await fake.stop();
    });

    /** A 50.00 USD payment authorized through PayPal, then captured (and refunded) on PayPal's side. */
    async function setup(refund: boolean) {
      const client = new Client({
        environment: Environment.Sandbox,
        clientCredentialsAuthCredentials: { oAuthClientId: 'client-id', oAuthClientSecret: 'client-secret' },
        httpClientOptions: { timeout: 5000, httpsAgent: new LoopbackAgent(fake.port) },
      });
      const gateway = new PayPalGateway({ client, webhookId: 'WH-bad-amounts', clock });
      const stores = await family.make(clock);
      const service = paymentService(stores, gateway, clock, { routing: { paypal: ['paypal'] } });
      const { orderId } = await gateway.createOrder({ amountMinor: 5000, currency: 'USD', idempotencyKey: `create-${++n}` });
      fake.approve(orderId);
      const paid = await service.processPayment({ orderId: `paypal-order-${n}`, amount: { amount: '50.00', currency: 'USD' }, method: 'paypal', paymentToken: orderId, customer: { email: 'p@example.com' } });
      expect(paid.status).toBe('authorized');
      await gateway.capture({ transactionId: orderId, amountMinor: 5000, currency: 'USD', idempotencyKey: `dashboard-capture-${n}` });
      if (refund) {
        const good = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId));
        expect(await service.handleWebhook(good.rawBody, good.headers)).toMatchObject({ outcome: 'applied' });
        await gateway.refund({ transactionId: orderId, amountMinor: 1200, currency: 'USD', idempotencyKey: `dashboard-refund-${n}` });
      }
      return { service, store: stores.payments, paid, orderId };
    }

    /** A copy of a PayPal resource with `change` made to it. */
    const edited = (resource: Json, change: (copy: Json) => void): Json => {
      const copy = structuredClone(resource);
      change(copy);
      return copy;
    };
    const withAmount = (amount: Amount | undefined) => (copy: Json) => {
      if (amount === undefined) delete copy.amount;
      else copy.amount = amount;
    };

    it.each(BAD_AMOUNTS)('PAYMENT.CAPTURE.COMPLETED, amount $name: refused, nothing written', async ({ amount, code }) => {
      const { service, store, paid, orderId } = await setup(false);
      const bad = fake.event('PAYMENT.CAPTURE.COMPLETED', edited(fake.captureOf(orderId), withAmount(amount)));
      await expectRefusedUnchanged(service, store, paid.paymentId, bad, code);
      const good = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId));
      expect(await service.handleWebhook(good.rawBody, good.headers)).toMatchObject({ outcome: 'applied', payment: { status: 'captured' } });
    });

    it.each(BAD_FEES)('PAYMENT.CAPTURE.COMPLETED, fee $name: refused, nothing written', async ({ fee }) => {
      const { service, store, paid, orderId } = await setup(false);
      const bad = fake.event('PAYMENT.CAPTURE.COMPLETED', edited(fake.captureOf(orderId), (copy) => {
        copy.seller_receivable_breakdown = { paypal_fee: { currency_code: 'USD', value: fee } };
      }));
      await expectRefusedUnchanged(service, store, paid.paymentId, bad, 'INVALID_AMOUNT');
    });

    it.each(BAD_AMOUNTS)('PAYMENT.CAPTURE.REFUNDED, amount $name: refused, nothing written', async ({ amount, code }) => {
      const { service, store, paid, orderId } = await setup(true);
      const refund = fake.refundsOf(orderId)[0] as Json;
      const bad = fake.event('PAYMENT.CAPTURE.REFUNDED', edited(refund, withAmount(amount)));
      await expectRefusedUnchanged(service, store, paid.paymentId, bad, code);
      const good = fake.event('PAYMENT.CAPTURE.REFUNDED', refund);
      expect(await service.handleWebhook(good.rawBody, good.headers)).toMatchObject({ outcome: 'applied', payment: { status: 'partially_refunded' } });
    });
  });
}
