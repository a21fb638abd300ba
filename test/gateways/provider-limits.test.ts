import { Client, Environment } from '@paypal/paypal-server-sdk';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayPalGateway } from '../../src/adapters/paypal/index.js';
import { StripeGateway } from '../../src/adapters/stripe/index.js';
import { MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService, type PaymentGateway } from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';
import { LoopbackAgent } from './loopback-tls.js';
import { PayPalFake } from './paypal-fake.js';
import { StripeFake } from './stripe-fake.js';

/*
 * The fakes refuse what the providers refuse (stripe-fake: Idempotency-Key over 255, as
 * docs.stripe.com/idempotency states; paypal-fake: PayPal-Request-Id over 108, invoice_id over
 * 127, a refund custom_id over 127 or outside [A-Za-z0-9-_.,], per PayPal's Payments v2
 * specification), so these tests fail if a derived key ever passes a limit.
 */
const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const stripeFake = new StripeFake(() => clock.now());
const paypalFake = new PayPalFake('WH-limits', () => clock.now());
let n = 0;

function service(gateway: PaymentGateway, method: 'credit_card' | 'paypal'): PaymentService {
  return new PaymentService({ store: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore({ clock }), gateways: [gateway], routing: { [method]: [gateway.name] }, velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ids: new SequentialIds(`lim${++n}-`) });
}
const stripeGateway = () => new StripeGateway({ stripe: new Stripe('sk_test_fake', { host: '127.0.0.1', port: stripeFake.port, protocol: 'http', maxNetworkRetries: 0 }), webhookSecrets: ['whsec_x'], clock });
function paypalGateway(): PayPalGateway {
  const client = new Client({ environment: Environment.Sandbox, clientCredentialsAuthCredentials: { oAuthClientId: 'id', oAuthClientSecret: 'secret' }, timeout: 5000, httpClientOptions: { timeout: 5000, httpsAgent: new LoopbackAgent(paypalFake.port) } });
  return new PayPalGateway({ client, webhookId: 'WH-limits', clock });
}
const keyOf = (ch: string) => `${ch}:`.repeat(128).slice(0, 255);

beforeAll(async () => {
  await Promise.all([stripeFake.start(), paypalFake.start()]);
});
afterAll(async () => {
  await Promise.all([stripeFake.stop(), paypalFake.stop()]);
});

describe('keys of 255 characters (the longest a caller may pass)', () => {
  it('Stripe: authorize, capture, refund and void go through, each Idempotency-Key at most 255', async () => {
    const payments = service(stripeGateway(), 'credit_card');
    const base = { amount: { amount: '20.00', currency: 'EUR' }, method: 'credit_card' as const, customer: { email: 'l@example.com' } };
    const paid = await payments.processPayment({ ...base, orderId: `o-${++n}`, paymentToken: 'tok_visa', idempotencyKey: keyOf('a') });
    expect(paid.status).toBe('authorized');
    expect((await payments.capturePayment(paid.paymentId, { amount: { amount: '15.00', currency: 'EUR' }, idempotencyKey: keyOf('c') })).status).toBe('captured');
    expect((await payments.refundPayment(paid.paymentId, { idempotencyKey: keyOf('r') })).status).toBe('refunded');
    const other = await payments.processPayment({ ...base, orderId: `o-${++n}`, paymentToken: 'pm_card_visa', idempotencyKey: keyOf('b') });
    expect((await payments.voidPayment(other.paymentId, { idempotencyKey: keyOf('v') })).status).toBe('voided');
    const sent = stripeFake.requests.filter((r) => r.idempotencyKey !== undefined);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const r of sent) expect(r.idempotencyKey?.length).toBeLessThanOrEqual(255);
  });

  it('Stripe adapter alone: a 300-character key with its suffixes is shortened, stable across a retry', async () => {
    const g = stripeGateway();
    const key = 'x'.repeat(300);
    const first = await g.authorize({ reference: 'ref-long', amountMinor: 1000, currency: 'EUR', method: 'apple_pay', token: 'tok_visa', capture: false, idempotencyKey: key });
    const again = await g.authorize({ reference: 'ref-long', amountMinor: 1000, currency: 'EUR', method: 'apple_pay', token: 'tok_visa', capture: false, idempotencyKey: key });
    expect(first).toMatchObject({ outcome: 'approved' });
    expect(again).toMatchObject({ outcome: 'approved', transactionId: first.outcome === 'approved' ? first.transactionId : '' });
  });

  it('PayPal: authorize, capture and refund go through within PayPal-Request-Id, invoice_id and custom_id limits; reconciliation reads the refund key back', async () => {
    const g = paypalGateway();
    const payments = service(g, 'paypal');
    const { orderId } = await g.createOrder({ amountMinor: 3000, currency: 'USD', idempotencyKey: keyOf('o') });
    paypalFake.approve(orderId);
    const paid = await payments.processPayment({ orderId: `o-${++n}`, amount: { amount: '30.00', currency: 'USD' }, method: 'paypal', paymentToken: orderId, customer: { email: 'p@example.com' }, idempotencyKey: keyOf('a') });
    expect(paid.status).toBe('authorized');
    expect((await payments.capturePayment(paid.paymentId, { idempotencyKey: keyOf('c') })).status).toBe('captured');
    expect((await payments.refundPayment(paid.paymentId, { amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: 'refund:short_key' })).status).toBe('partially_refunded');
    expect((await payments.refundPayment(paid.paymentId, { idempotencyKey: keyOf('r') })).status).toBe('refunded');
    for (const r of paypalFake.requests) expect(r.requestId?.length ?? 0).toBeLessThanOrEqual(108);
    expect(paypalFake.refundsOf(orderId)[0]?.custom_id).toBe('refund_.short__key');
    const record = await payments.getPaymentRecord(paid.paymentId);
    const txn = await g.retrieve({ reference: paid.paymentId, transactionId: orderId });
    const refundKeys = txn?.operations.filter((o) => o.kind === 'refund').map((o) => o.idempotencyKey);
    expect(refundKeys?.[0]).toBe('refund:short_key');
    expect(record.ledger.filter((e) => e.kind === 'refund').map((e) => e.idempotencyKey)).toContain(refundKeys?.[0]);
  });
});
