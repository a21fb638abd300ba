// The names and shapes the checkout module relies on; this file failing to compile is the test.
import { expect, expectTypeOf, it } from 'vitest';
import {
  EventBus,
  MemoryBinLookup,
  MemoryGeoIp,
  MemoryIdempotencyStore,
  MemoryPaymentStore,
  MemoryVelocityStore,
  Money,
  PaymentService,
  type CommerceErrorCode,
  type PaymentEvents,
  type PaymentMethod,
  type PaymentResult,
} from '../../src/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';

it('matches the contract the checkout module is written against', async () => {
  const events = new EventBus<PaymentEvents>();
  const payments = new PaymentService({ store: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore(), gateways: [new TestGateway()], velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), events });
  const method: PaymentMethod = 'credit_card';
  const customer: { id?: string; email: string; ip?: string; deviceId?: string } = { email: 'a@example.com' };
  const result: PaymentResult = await payments.processPayment({ orderId: 'o1', amount: Money.of('10.00', 'EUR'), method, paymentToken: TEST_TOKENS.approve, customer, capture: false });
  expectTypeOf(result.status).toEqualTypeOf<'authorized' | 'captured' | 'partially_refunded' | 'refunded' | 'voided' | 'failed' | 'blocked' | 'review' | 'unknown' | 'requires_action'>();
  expectTypeOf(result.errorCode).toEqualTypeOf<CommerceErrorCode | undefined>();
  expect(result).toMatchObject({ success: true, status: 'authorized' });
  const captured = await payments.capturePayment(result.paymentId, { amount: Money.of('4.00', 'EUR'), idempotencyKey: 'c' });
  const refunded = await payments.refundPayment(captured.paymentId, { amount: { amount: '1.00', currency: 'EUR' }, reason: 'r', idempotencyKey: 'r' });
  expect(refunded.status).toBe('partially_refunded');
  const other = await payments.processPayment({ orderId: 'o2', amount: { amount: '5', currency: 'EUR' }, method: 'paypal', paymentToken: TEST_TOKENS.approve, customer: { email: 'b@example.com' } });
  expect((await payments.voidPayment(other.paymentId, { idempotencyKey: 'v' })).status).toBe('voided');
  expect((await payments.reconcilePayment(other.paymentId)).status).toBe('voided');
  expect(await payments.getPayment('missing')).toBeNull();
  expect(Object.values(TEST_TOKENS)).toEqual(expect.arrayContaining([TEST_TOKENS.approve, TEST_TOKENS.decline, TEST_TOKENS.requiresAction, TEST_TOKENS.networkError, TEST_TOKENS.timeoutAfterCharge]));
});
