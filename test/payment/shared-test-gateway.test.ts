import { describe, expect, it } from 'vitest';
import { TestGateway, TestGatewayState } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

describe('TestGateway state shared by instances (memory stores)', () => {
  it('a capture and refunds through another instance act on the same gateway account, and its ids never collide', async () => {
    const account = new TestGatewayState();
    const one = setup({ gatewayOptions: { state: account } });
    const other = new TestGateway({ clock: one.clock, state: account });
    const two = setup({ store: one.store, idempotency: one.idempotency, velocity: one.velocity, clock: one.clock, ids: one.ids, gateways: [other] });
    const paid = await one.service.processPayment(request({ amount: { amount: '40.00', currency: 'USD' } }));
    expect(await two.service.capturePayment(paid.paymentId, { idempotencyKey: 'c' })).toMatchObject({ status: 'captured' });
    expect(await two.service.refundPayment(paid.paymentId, { amount: { amount: '10.00', currency: 'USD' }, idempotencyKey: 'r1' })).toMatchObject({ refundedAmount: { amount: '10.00' } });
    expect(await one.service.refundPayment(paid.paymentId, { idempotencyKey: 'r2' })).toMatchObject({ status: 'refunded' });
    const second = await two.service.processPayment(request());
    expect(second.gatewayTransactionId).not.toBe(paid.gatewayTransactionId);
    expect(await one.gateway.retrieve({ reference: second.paymentId })).toMatchObject({ status: 'authorized' });
  });
});
