import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../src/adapters/stripe/index.js';
import { MemoryIdempotencyStore, MemoryPaymentStore, PaymentService, MemoryBinLookup, MemoryGeoIp, MemoryVelocityStore } from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';
import { StripeFake } from './stripe-fake.js';

const SECRET = 'whsec_test_primary';
const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const fake = new StripeFake(() => clock.now());
let order = 0;
let run = 0;

function setup(options: { timeout?: number } = {}) {
  const stripe = new Stripe('sk_test_fake', { host: '127.0.0.1', port: fake.port, protocol: 'http', timeout: options.timeout ?? 5000, maxNetworkRetries: 0 });
  const gateway = new StripeGateway({ stripe, webhookSecrets: ['whsec_new', SECRET], clock });
  const store = new MemoryPaymentStore();
  const payments = new PaymentService({ store, idempotency: new MemoryIdempotencyStore({ clock }), gateways: [gateway], routing: { credit_card: ['stripe'], apple_pay: ['stripe'], google_pay: ['stripe'] }, velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ids: new SequentialIds(`run${++run}-`) });
  return { payments, stripe, store };
}
const request = (token: string, amount = '100.00', method: 'credit_card' | 'apple_pay' = 'credit_card') => {
  order += 1;
  return { orderId: `order-${order}`, amount: { amount, currency: 'EUR' }, method, paymentToken: token, customer: { email: `c${order}@example.com` } };
};
const signed = (stripe: Stripe, payload: string, options: { secret?: string; atMs?: number } = {}) => ({
  'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: Math.floor((options.atMs ?? clock.now()) / 1000) }),
});

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe('PaymentService on the Stripe adapter', () => {
  it('authorizes, captures part, refunds twice, refuses a refund above captured before Stripe', async () => {
    const { payments } = setup();
    const paid = await payments.processPayment(request('pm_card_visa'));
    expect(paid).toMatchObject({ success: true, status: 'authorized' });
    const captured = await payments.capturePayment(paid.paymentId, { amount: { amount: '60.00', currency: 'EUR' } });
    expect(captured.status).toBe('captured');
    await payments.refundPayment(paid.paymentId, { amount: { amount: '10.00', currency: 'EUR' } });
    const twice = await payments.refundPayment(paid.paymentId, { amount: { amount: '20.00', currency: 'EUR' } });
    expect(twice.status).toBe('partially_refunded');
    const before = fake.requests.length;
    await expect(payments.refundPayment(paid.paymentId, { amount: { amount: '30.01', currency: 'EUR' } })).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED' });
    expect(fake.requests.length).toBe(before);
    const intent = fake.intents.get(String(paid.gatewayTransactionId));
    const charge = fake.charges.get(String(intent?.latest_charge));
    expect(charge).toMatchObject({ amount_captured: 6000, amount_refunded: 3000 });
  });

  it('a decline is PAYMENT_DECLINED with the decline code', async () => {
    const { payments } = setup();
    const result = await payments.processPayment(request('pm_card_chargeDeclinedInsufficientFunds'));
    expect(result).toMatchObject({ success: false, status: 'failed', errorCode: 'PAYMENT_DECLINED' });
  });

  it('3-D Secure: requires_action, then the signed webhook authorizes it', async () => {
    const { payments, stripe } = setup();
    const pending = await payments.processPayment(request('pm_card_threeDSecure2Required'));
    expect(pending.status).toBe('requires_action');
    const intentId = String(pending.gatewayTransactionId);
    fake.completeAction(intentId);
    const body = fake.event('payment_intent.amount_capturable_updated', intentId);
    const applied = await payments.handleWebhook(body, signed(stripe, body));
    expect(applied).toMatchObject({ outcome: 'applied', type: 'payment.authorized', payment: { status: 'authorized' } });
    expect((await payments.getPayment(pending.paymentId))?.status).toBe('authorized');
    // Reconciliation and a later capture find the authorization the webhook recorded: counted once.
    const record = await payments.reconcilePayment(pending.paymentId);
    expect(record.authorizedAmount).toEqual({ amount: '100.00', currency: 'EUR' });
    expect((await payments.capturePayment(pending.paymentId)).capturedAmount).toEqual({ amount: '100.00', currency: 'EUR' });
    const captured = fake.event('payment_intent.succeeded', intentId);
    expect(await payments.handleWebhook(captured, signed(stripe, captured))).toMatchObject({ outcome: 'applied', payment: { status: 'captured' } });
    const after = await payments.getPaymentRecord(pending.paymentId);
    expect(after.ledger.filter((e) => e.state === 'succeeded').map((e) => e.kind)).toEqual(['authorization', 'capture']);
  });

  it('a timeout after Stripe charged: unknown, reconciled to authorized, never charged twice', async () => {
    const { payments } = setup({ timeout: 150 });
    const input = request('pm_card_visa', '25.00');
    fake.delayNextResponse(600);
    const first = await payments.processPayment(input);
    expect(first.status).toBe('unknown');
    const replay = await payments.processPayment(input);
    expect(replay.paymentId).toBe(first.paymentId);
    const settled = await payments.reconcilePayment(first.paymentId);
    expect(settled).toMatchObject({ status: 'authorized', success: true });
    expect([...fake.intents.values()].filter((i) => (i.metadata as Record<string, string>).ck_reference === first.paymentId)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.idempotencyKey?.startsWith('payment:order:' + input.orderId))).toHaveLength(1);
  });

  it('webhooks: good, duplicate, bad signature, stale, future, unknown type', async () => {
    const { payments, stripe } = setup();
    const paid = await payments.processPayment(request('pm_card_visa', '40.00'));
    const intentId = String(paid.gatewayTransactionId);
    // Captured outside the service (dashboard): the webhook brings the payment in line.
    await stripe.paymentIntents.capture(intentId, {});
    const body = fake.event('payment_intent.succeeded', intentId);
    expect(await payments.handleWebhook(body, signed(stripe, body))).toMatchObject({ outcome: 'applied', payment: { status: 'captured' } });
    expect(await payments.handleWebhook(body, signed(stripe, body))).toMatchObject({ outcome: 'duplicate' });
    const other = fake.event('payment_intent.succeeded', intentId);
    await expect(payments.handleWebhook(other, signed(stripe, other, { secret: 'whsec_wrong' }))).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(payments.handleWebhook(other, signed(stripe, other, { atMs: clock.now() - 301_000 }))).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(payments.handleWebhook(other, signed(stripe, other, { atMs: clock.now() + 301_000 }))).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(payments.handleWebhook(`${other} `, signed(stripe, other))).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await expect(payments.handleWebhook(other, {})).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    expect(await payments.handleWebhook(other, signed(stripe, other, { atMs: clock.now() - 299_000 }))).toMatchObject({ outcome: 'applied' });
  });

  it('charge.refunded names the refund, so a dashboard refund is recorded once; disputes are reported', async () => {
    const { payments, stripe } = setup();
    const paid = await payments.processPayment({ ...request('pm_card_visa', '80.00'), capture: true });
    expect(paid.status).toBe('captured');
    const intentId = String(paid.gatewayTransactionId);
    const chargeId = String(fake.intents.get(intentId)?.latest_charge);
    await stripe.refunds.create({ payment_intent: intentId, amount: 1500 });
    const body = fake.event('charge.refunded', chargeId, { previous: { amount_refunded: 0 } });
    const applied = await payments.handleWebhook(body, signed(stripe, body));
    expect(applied).toMatchObject({ outcome: 'applied', type: 'payment.refunded', payment: { status: 'partially_refunded' } });
    const reconciled = await payments.reconcilePayment(paid.paymentId);
    expect(reconciled.refundedAmount).toEqual({ amount: '15.00', currency: 'EUR' });
    // Our own refund: the event's request key picks it even though another refund is newer.
    const ours = await payments.refundPayment(paid.paymentId, { amount: { amount: '5.00', currency: 'EUR' }, idempotencyKey: 'refund-ours' });
    await stripe.refunds.create({ payment_intent: intentId, amount: 700 });
    const ourEvent = fake.event('charge.refunded', chargeId, { idempotencyKey: 'refund-ours' });
    expect(await payments.handleWebhook(ourEvent, signed(stripe, ourEvent))).toMatchObject({ outcome: 'applied' });
    expect((await payments.getPayment(ours.paymentId))?.refundedAmount).toEqual({ amount: '20.00', currency: 'EUR' });
    const dispute = fake.event('charge.dispute.created', chargeId);
    expect(await payments.handleWebhook(dispute, signed(stripe, dispute))).toMatchObject({ outcome: 'applied', type: 'payment.disputed', paymentId: paid.paymentId });
  });

  it('Apple Pay through Stripe: the wallet token is charged as a card payment method', async () => {
    const { payments } = setup();
    const paid = await payments.processPayment(request('tok_applepay', '12.00', 'apple_pay'));
    expect(paid).toMatchObject({ success: true, status: 'authorized' });
    expect(String(fake.intents.get(String(paid.gatewayTransactionId))?.payment_method)).toMatch(/^pm_/);
  });
});
