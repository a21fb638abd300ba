import { Client, Environment } from '@paypal/paypal-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayPalGateway } from '../../src/adapters/paypal/index.js';
import { MemoryIdempotencyStore, MemoryPaymentStore, PaymentService, MemoryBinLookup, MemoryGeoIp, MemoryVelocityStore } from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';
import { LoopbackAgent } from './loopback-tls.js';
import { PayPalFake } from './paypal-fake.js';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const fake = new PayPalFake('WH-fake-1', () => clock.now());
let n = 0;

function gateway(timeout = 5000): PayPalGateway {
  const client = new Client({
    environment: Environment.Sandbox,
    clientCredentialsAuthCredentials: { oAuthClientId: 'client-id', oAuthClientSecret: 'client-secret' },
    timeout,
    httpClientOptions: { timeout, httpsAgent: new LoopbackAgent(fake.port) },
  });
  return new PayPalGateway({ client, webhookId: 'WH-fake-1', clock });
}
async function approvedOrder(g: PayPalGateway, amountMinor = 5000): Promise<string> {
  const { orderId, approveUrl } = await g.createOrder({ amountMinor, currency: 'USD', idempotencyKey: `create-${++n}` });
  expect(approveUrl).toContain(orderId);
  fake.approve(orderId);
  return orderId;
}
function setup(g = gateway()) {
  return new PaymentService({ store: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore({ clock }), gateways: [g], routing: { paypal: ['paypal'] }, velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ids: new SequentialIds(`pp${++n}-`) });
}
const request = (token: string, amount = '50.00') => ({ orderId: `order-${++n}`, amount: { amount, currency: 'USD' }, method: 'paypal' as const, paymentToken: token, customer: { email: `p${n}@example.com` } });

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe('PayPalGateway against a local PayPal', () => {
  it('authorizes an approved order with our reference and PayPal-Request-Id, captures part, refunds, refuses a refund above captured', async () => {
    const g = gateway();
    const orderId = await approvedOrder(g, 5000);
    const outcome = await g.authorize({ reference: 'pay-a', amountMinor: 5000, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: 'auth-a' });
    expect(outcome).toMatchObject({ outcome: 'approved', status: 'authorized', transactionId: orderId });
    expect(fake.requests.find((r) => r.path.endsWith('/authorize'))).toMatchObject({ requestId: 'auth-a', auth: 'Bearer A21AA-fake-token' });
    expect(fake.authorizationOf(orderId)).toMatchObject({ custom_id: 'pay-a', status: 'CREATED' });
    expect(await g.capture({ transactionId: orderId, amountMinor: 3000, currency: 'USD', idempotencyKey: 'cap-a' })).toMatchObject({ outcome: 'approved', status: 'captured', feeMinor: 154 });
    expect(fake.captureOf(orderId)).toMatchObject({ amount: { value: '30.00' }, final_capture: true, invoice_id: 'cap-a' });
    expect(await g.refund({ transactionId: orderId, amountMinor: 1000, currency: 'USD', idempotencyKey: 'ref-1' })).toMatchObject({ outcome: 'approved', status: 'refunded' });
    expect(await g.refund({ transactionId: orderId, amountMinor: 1500, currency: 'USD', idempotencyKey: 'ref-2' })).toMatchObject({ outcome: 'approved' });
    expect(await g.refund({ transactionId: orderId, amountMinor: 501, currency: 'USD', idempotencyKey: 'ref-3' })).toMatchObject({ outcome: 'declined', code: 'REFUND_AMOUNT_EXCEEDED' });
    const txn = await g.retrieve({ reference: 'pay-a', transactionId: orderId });
    expect(txn).toMatchObject({ status: 'captured', reference: 'pay-a' });
    expect(txn?.operations.map((o) => [o.kind, o.amountMinor, o.idempotencyKey])).toEqual([
      ['authorization', 5000, `paypal:authorize:${String(fake.authorizationOf(orderId).id)}`],
      ['capture', 3000, 'cap-a'],
      ['refund', 1000, 'ref-1'],
      ['refund', 1500, 'ref-2'],
    ]);
  });

  it('refuses an order whose amount is not the payment\'s, and declines with PayPal\'s issue', async () => {
    const g = gateway();
    const orderId = await approvedOrder(g, 5000);
    expect(await g.authorize({ reference: 'pay-b', amountMinor: 4999, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: 'auth-b' })).toMatchObject({ outcome: 'declined', code: 'amount_mismatch' });
    fake.declineNextAuthorization();
    expect(await g.authorize({ reference: 'pay-b', amountMinor: 5000, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: 'auth-b2' })).toMatchObject({ outcome: 'declined', code: 'INSTRUMENT_DECLINED', transactionId: orderId });
  });

  it('voids an authorization', async () => {
    const g = gateway();
    const orderId = await approvedOrder(g);
    await g.authorize({ reference: 'pay-v', amountMinor: 5000, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: 'auth-v' });
    expect(await g.void({ transactionId: orderId, idempotencyKey: 'void-v' })).toMatchObject({ outcome: 'approved', status: 'voided' });
    expect(await g.retrieve({ reference: 'pay-v', transactionId: orderId })).toMatchObject({ status: 'voided' });
  });

  it('PaymentService: a timeout after PayPal authorized is unknown, keeps the order id, and reconciles without a second authorization', async () => {
    const payments = setup(gateway(300));
    const orderId = await approvedOrder(gateway());
    fake.delayNextResponse(900);
    const first = await payments.processPayment(request(orderId));
    expect(first).toMatchObject({ status: 'unknown', gatewayTransactionId: orderId });
    const settled = await payments.reconcilePayment(first.paymentId);
    expect(settled).toMatchObject({ status: 'authorized', success: true });
    expect(fake.requests.filter((r) => r.path === `/v2/checkout/orders/${orderId}/authorize`)).toHaveLength(1);
    await payments.capturePayment(first.paymentId, { amount: { amount: '20.00', currency: 'USD' } });
    await expect(payments.refundPayment(first.paymentId, { amount: { amount: '20.01', currency: 'USD' } })).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED' });
  });

  it('capture at once: the answer, the webhook and reconciliation record one authorization and one capture', async () => {
    const g = gateway();
    const payments = setup(g);
    const orderId = await approvedOrder(g);
    const paid = await payments.processPayment({ ...request(orderId), capture: true });
    expect(paid).toMatchObject({ status: 'captured', capturedAmount: { amount: '50.00', currency: 'USD' } });
    const created = fake.event('PAYMENT.AUTHORIZATION.CREATED', fake.authorizationOf(orderId));
    const completed = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId));
    expect(await payments.handleWebhook(created.rawBody, created.headers)).toMatchObject({ outcome: 'applied' });
    expect(await payments.handleWebhook(completed.rawBody, completed.headers)).toMatchObject({ outcome: 'applied' });
    await payments.reconcilePayment(paid.paymentId);
    const record = await payments.getPaymentRecord(paid.paymentId);
    expect(record.ledger.filter((e) => e.state === 'succeeded').map((e) => [e.kind, e.amountMinor])).toEqual([['authorization', 5000], ['capture', 5000]]);
  });

  it('webhooks verified by PayPal: good, duplicate, bad signature, stale, refund looked up to its payment', async () => {
    const g = gateway();
    const payments = setup(g);
    const orderId = await approvedOrder(g);
    const paid = await payments.processPayment(request(orderId));
    expect(paid.status).toBe('authorized');
    // Captured and refunded outside the service (PayPal dashboard).
    await g.capture({ transactionId: orderId, amountMinor: 5000, currency: 'USD', idempotencyKey: 'dashboard-capture' });
    const captured = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId));
    expect(await payments.handleWebhook(captured.rawBody, captured.headers)).toMatchObject({ outcome: 'applied', payment: { status: 'captured' } });
    expect(await payments.handleWebhook(captured.rawBody, captured.headers)).toMatchObject({ outcome: 'duplicate' });
    const tampered = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId), { tamper: true });
    await expect(payments.handleWebhook(tampered.rawBody, tampered.headers)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    const stale = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId), { atMs: clock.now() - 301_000 });
    await expect(payments.handleWebhook(stale.rawBody, stale.headers)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    const edited = fake.event('PAYMENT.CAPTURE.COMPLETED', fake.captureOf(orderId));
    await expect(payments.handleWebhook(edited.rawBody.replace('"50.00"', '"5.00"'), edited.headers)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    await g.refund({ transactionId: orderId, amountMinor: 1200, currency: 'USD', idempotencyKey: 'dashboard-refund' });
    const refunded = fake.event('PAYMENT.CAPTURE.REFUNDED', fake.refundsOf(orderId)[0] as Record<string, unknown>);
    expect(await payments.handleWebhook(refunded.rawBody, refunded.headers)).toMatchObject({ outcome: 'applied', type: 'payment.refunded', payment: { status: 'partially_refunded' } });
    expect((await payments.reconcilePayment(paid.paymentId)).refundedAmount).toEqual({ amount: '12.00', currency: 'USD' });
  });
});
