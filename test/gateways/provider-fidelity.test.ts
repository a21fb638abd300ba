import { Client, Environment } from '@paypal/paypal-server-sdk';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayPalGateway } from '../../src/adapters/paypal/index.js';
import { StripeGateway } from '../../src/adapters/stripe/index.js';
import { cardBrandOf } from '../../src/adapters/stripe/stripe-cards.js';
import { MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService, type PaymentGateway } from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';
import { LoopbackAgent } from './loopback-tls.js';
import { PayPalFake } from './paypal-fake.js';
import { StripeFake } from './stripe-fake.js';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const stripeFake = new StripeFake(() => clock.now());
const paypalFake = new PayPalFake('WH-fidelity', () => clock.now());
let n = 0;

function service(gateway: PaymentGateway, method: 'credit_card' | 'paypal'): PaymentService {
  return new PaymentService({ store: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore({ clock }), gateways: [gateway], routing: { [method]: [gateway.name] }, velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ids: new SequentialIds(`fid${++n}-`) });
}
const stripeGateway = () => new StripeGateway({ stripe: new Stripe('sk_test_fake', { host: '127.0.0.1', port: stripeFake.port, protocol: 'http', maxNetworkRetries: 0 }), webhookSecrets: ['whsec_x'], clock });
function paypalGateway(timeout = 5000): PayPalGateway {
  const client = new Client({ environment: Environment.Sandbox, clientCredentialsAuthCredentials: { oAuthClientId: 'id', oAuthClientSecret: 'secret' }, timeout, httpClientOptions: { timeout, httpsAgent: new LoopbackAgent(paypalFake.port) } });
  return new PayPalGateway({ client, webhookId: 'WH-fidelity', clock });
}
async function paypalOrder(amountMinor = 5000): Promise<string> {
  const { orderId } = await paypalGateway().createOrder({ amountMinor, currency: 'USD', idempotencyKey: `create-${++n}` });
  paypalFake.approve(orderId);
  return orderId;
}
const paypalPayment = (token: string, amount = '50.00') => ({ orderId: `o-${++n}`, amount: { amount, currency: 'USD' }, method: 'paypal' as const, paymentToken: token, customer: { email: `p${n}@example.com` } });
const usd = (amount: string) => ({ amount, currency: 'USD' });

beforeAll(async () => {
  await Promise.all([stripeFake.start(), paypalFake.start()]);
});
afterAll(async () => {
  await Promise.all([stripeFake.stop(), paypalFake.stop()]);
});

describe('Stripe card brands', () => {
  it("maps both of Stripe's spellings (PaymentMethod codes, Token display names) to the library's brands", () => {
    const pairs: [string, string][] = [
      ['Visa', 'visa'], ['visa', 'visa'], ['American Express', 'amex'], ['amex', 'amex'], ['MasterCard', 'mastercard'], ['mastercard', 'mastercard'],
      ['Diners Club', 'diners'], ['diners', 'diners'], ['Discover', 'discover'], ['JCB', 'jcb'], ['UnionPay', 'unionpay'], ['unionpay', 'unionpay'],
      ['Unknown', 'unknown'], ['Eftpos Australia', 'eftpos_australia'], ['cartes_bancaires', 'cartes_bancaires'],
    ];
    for (const [stripe, library] of pairs) expect(cardBrandOf(stripe)).toBe(library);
  });

  it('a token (Token Card: "American Express", "Diners Club", "MasterCard") and a PaymentMethod give the same brand on the payment', async () => {
    const g = stripeGateway();
    expect((await g.describeToken('tok_amex'))?.card?.brand).toBe('amex');
    expect((await g.describeToken('tok_diners'))?.card?.brand).toBe('diners');
    expect((await g.describeToken('tok_mastercard'))?.card?.brand).toBe('mastercard');
    expect((await g.describeToken('pm_card_amex'))?.card?.brand).toBe('amex');
    const payments = service(g, 'credit_card');
    const paid = await payments.processPayment({ orderId: `o-${++n}`, amount: { amount: '12.00', currency: 'EUR' }, method: 'credit_card', paymentToken: 'tok_amex', customer: { email: 'a@example.com' } });
    expect(paid).toMatchObject({ status: 'authorized', card: { brand: 'amex', last4: '8431' } });
  });
});

describe('PayPal as its specification describes it', () => {
  it('a DENIED authorization (201 Created, authorization status DENIED) is a decline with its status as the code', async () => {
    const payments = service(paypalGateway(), 'paypal');
    const orderId = await paypalOrder();
    paypalFake.denyNextAuthorization();
    const result = await payments.processPayment(paypalPayment(orderId));
    expect(result).toMatchObject({ status: 'failed', success: false, errorCode: 'PAYMENT_DECLINED', processorResponse: { declineCode: 'DENIED' } });
    expect(paypalFake.authorizationOf(orderId).status).toBe('DENIED');
  });

  it("422 issues on authorize and capture come back as the decline code: INSTRUMENT_DECLINED, AUTHORIZATION_EXPIRED, MAX_CAPTURE_AMOUNT_EXCEEDED", async () => {
    const g = paypalGateway();
    const declinedOrder = await paypalOrder();
    paypalFake.declineNextAuthorization();
    expect(await g.authorize({ reference: 'f-1', amountMinor: 5000, currency: 'USD', method: 'paypal', token: declinedOrder, capture: false, idempotencyKey: `a-${++n}` })).toMatchObject({ outcome: 'declined', code: 'INSTRUMENT_DECLINED' });
    const orderId = await paypalOrder();
    await g.authorize({ reference: 'f-2', amountMinor: 5000, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: `a-${++n}` });
    expect(await g.capture({ transactionId: orderId, amountMinor: 5001, currency: 'USD', idempotencyKey: `c-${++n}` })).toMatchObject({ outcome: 'declined', code: 'MAX_CAPTURE_AMOUNT_EXCEEDED' });
    paypalFake.expireAuthorization(orderId);
    expect(await g.capture({ transactionId: orderId, amountMinor: 5000, currency: 'USD', idempotencyKey: `c-${++n}` })).toMatchObject({ outcome: 'declined', code: 'AUTHORIZATION_EXPIRED' });
  });

  it('through the service, a capture PayPal refuses (expired authorization) fails its ledger entry and answers PAYMENT_DECLINED', async () => {
    const payments = service(paypalGateway(), 'paypal');
    const paid = await payments.processPayment(paypalPayment(await paypalOrder()));
    paypalFake.expireAuthorization(paid.gatewayTransactionId ?? '');
    await expectCode(payments.capturePayment(paid.paymentId, { amount: usd('10.00') }), 'PAYMENT_DECLINED');
    const record = await payments.getPaymentRecord(paid.paymentId);
    expect(record.status).toBe('authorized');
    expect(record.ledger.filter((e) => e.kind === 'capture').map((e) => e.state)).toEqual(['failed']);
  });

  it('a void whose answer was lost, sent again, ends voided (not declined), under the same key or another', async () => {
    const orderId = await paypalOrder();
    const g = paypalGateway(300);
    await g.authorize({ reference: 'f-v', amountMinor: 5000, currency: 'USD', method: 'paypal', token: orderId, capture: false, idempotencyKey: `a-${++n}` });
    paypalFake.delayNextResponse(900);
    expect(await g.void({ transactionId: orderId, idempotencyKey: 'void-lost' })).toMatchObject({ outcome: 'unknown' });
    expect(paypalFake.authorizationOf(orderId).status).toBe('VOIDED');
    // The same key again, and another key (a host retry, reconciliation's own call): both voided.
    expect(await g.void({ transactionId: orderId, idempotencyKey: 'void-lost' })).toMatchObject({ outcome: 'approved', status: 'voided' });
    expect(await g.void({ transactionId: orderId, idempotencyKey: 'void-other' })).toMatchObject({ outcome: 'approved', status: 'voided' });
  });

  it('through the service: the void times out (PAYMENT_OUTCOME_UNKNOWN), reconciliation settles it voided', async () => {
    const orderId = await paypalOrder();
    const payments = service(paypalGateway(300), 'paypal');
    const paid = await payments.processPayment(paypalPayment(orderId));
    paypalFake.delayNextResponse(900);
    await expectCode(payments.voidPayment(paid.paymentId), 'PAYMENT_OUTCOME_UNKNOWN');
    expect(await payments.reconcilePayment(paid.paymentId)).toMatchObject({ status: 'voided', success: true });
  });

  it('several captures (final_capture false, then true), each refunded from its own capture; reconciliation sees both', async () => {
    const g = paypalGateway();
    const payments = service(g, 'paypal');
    const orderId = await paypalOrder(5000);
    const paid = await payments.processPayment(paypalPayment(orderId));
    await payments.capturePayment(paid.paymentId, { amount: usd('20.00'), final: false, idempotencyKey: 'pp-ship-1' });
    expect(paypalFake.authorizationOf(orderId).status).toBe('PARTIALLY_CAPTURED');
    expect(await payments.capturePayment(paid.paymentId, { amount: usd('30.00'), idempotencyKey: 'pp-ship-2' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '50.00' } });
    expect(paypalFake.authorizationOf(orderId).status).toBe('CAPTURED');
    expect(await payments.refundPayment(paid.paymentId, { amount: usd('25.00'), idempotencyKey: 'pp-r1' })).toMatchObject({ status: 'partially_refunded' });
    expect(await payments.refundPayment(paid.paymentId, { amount: usd('20.00'), idempotencyKey: 'pp-r2' })).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '45.00' } });
    const txn = await g.retrieve({ reference: paid.paymentId, transactionId: orderId });
    expect(txn?.operations.filter((o) => o.kind === 'capture').map((o) => [o.amountMinor, o.idempotencyKey])).toEqual([[2000, 'pp-ship-1'], [3000, 'pp-ship-2']]);
    expect(await payments.reconcilePayment(paid.paymentId)).toMatchObject({ capturedAmount: { amount: '50.00' }, refundedAmount: { amount: '45.00' } });
  });
});

describe('Stripe and several captures', () => {
  // docs.stripe.com/payments/multicapture: ask with payment_method_options.card.
  // request_multicapture 'if_available' (manual capture); the charge's
  // payment_method_details.card.multicapture.status says whether it was granted; every capture
  // but the last sends final_capture: false and the intent stays requires_capture; at most the
  // authorized amount in all. The fake follows that; its refusal message is its own.
  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  const multi = () => new StripeGateway({ stripe: new Stripe('sk_test_fake', { host: '127.0.0.1', port: stripeFake.port, protocol: 'http', maxNetworkRetries: 0 }), webhookSecrets: ['whsec_x'], clock, multiCapture: true });
  const pay = (payments: PaymentService) => payments.processPayment({ orderId: `o-${++n}`, amount: eur('50.00'), method: 'credit_card', paymentToken: 'pm_card_visa', customer: { email: 's@example.com' } });

  it('without the option the adapter does not offer it: final: false is MULTICAPTURE_NOT_SUPPORTED, nothing sent', async () => {
    const payments = service(stripeGateway(), 'credit_card');
    const paid = await payments.processPayment({ orderId: `o-${++n}`, amount: eur('12.00'), method: 'credit_card', paymentToken: 'pm_card_visa', customer: { email: 's@example.com' } });
    const before = stripeFake.requests.length;
    await expectCode(payments.capturePayment(paid.paymentId, { amount: eur('5.00'), final: false }), 'MULTICAPTURE_NOT_SUPPORTED');
    expect(stripeFake.requests.length).toBe(before);
  });

  it('with it, captures per shipment with final_capture: false then a final one; captured never above authorized', async () => {
    const payments = service(multi(), 'credit_card');
    const paid = await pay(payments);
    const intent = stripeFake.intents.get(paid.gatewayTransactionId ?? '');
    expect(intent?.payment_method_options).toEqual({ card: { request_multicapture: 'if_available' } });
    expect(await payments.capturePayment(paid.paymentId, { amount: eur('20.00'), final: false, idempotencyKey: 'ship-1' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '20.00' } });
    expect(intent?.status).toBe('requires_capture');
    expect(await payments.capturePayment(paid.paymentId, { amount: eur('10.00'), final: false, idempotencyKey: 'ship-2' })).toMatchObject({ capturedAmount: { amount: '30.00' } });
    expect(await payments.refundPayment(paid.paymentId, { amount: eur('5.00'), idempotencyKey: 'r-1' })).toMatchObject({ status: 'partially_refunded' });
    await expectCode(payments.capturePayment(paid.paymentId, { amount: eur('25.00'), idempotencyKey: 'ship-too-much' }), 'CAPTURE_EXCEEDS_AUTHORIZED');
    expect(await payments.capturePayment(paid.paymentId, { amount: eur('15.00'), idempotencyKey: 'ship-3' })).toMatchObject({ capturedAmount: { amount: '45.00' } });
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 4500, amount_capturable: 0 });
    await expectCode(payments.capturePayment(paid.paymentId, { amount: eur('1.00'), idempotencyKey: 'ship-4' }), 'PAYMENT_INVALID_TRANSITION');
    const record = await payments.getPaymentRecord(paid.paymentId);
    expect(record.ledger.filter((e) => e.kind === 'capture' && e.state === 'succeeded').map((e) => e.amountMinor)).toEqual([2000, 1000, 1500]);
  });

  it('a card Stripe did not grant multicapture: a partial capture is refused with MULTICAPTURE_NOT_SUPPORTED before money moves; a final one works', async () => {
    stripeFake.multicaptureEligible = false;
    try {
      const payments = service(multi(), 'credit_card');
      const paid = await pay(payments);
      await expectCode(payments.capturePayment(paid.paymentId, { amount: eur('20.00'), final: false, idempotencyKey: 'ship-1' }), 'MULTICAPTURE_NOT_SUPPORTED');
      expect(stripeFake.intents.get(paid.gatewayTransactionId ?? '')).toMatchObject({ status: 'requires_capture', amount_received: 0 });
      expect(await payments.getPayment(paid.paymentId)).toMatchObject({ status: 'authorized' });
      expect(await payments.capturePayment(paid.paymentId, { amount: eur('20.00'), idempotencyKey: 'ship-all' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '20.00' } });
    } finally {
      stripeFake.multicaptureEligible = true;
    }
  });
});
