import { describe, expect, it } from 'vitest';
import { isCommerceError, MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService } from '../../src/index.js';
import { ManualClock, SequentialIds, TestGateway, TEST_TOKENS } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

describe('idempotency', () => {
  it('the same order and request returns the stored result without calling the gateway again', async () => {
    const { service, gateway } = setup();
    const req = request();
    const first = await service.processPayment(req);
    const again = await service.processPayment(req);
    expect(again).toEqual(first);
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('the same order with another request is IDEMPOTENCY_CONFLICT', async () => {
    const { service } = setup();
    const req = request();
    await service.processPayment(req);
    const error = await service.processPayment({ ...req, amount: { amount: '1.00', currency: 'USD' } }).catch((e: unknown) => e);
    expect(isCommerceError(error) && error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('concurrent calls with one key make one gateway call', async () => {
    const { service, gateway } = setup();
    const req = request({ idempotencyKey: 'checkout-42' });
    const results = await Promise.all(Array.from({ length: 5 }, () => service.processPayment(req)));
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('two service instances sharing the stores charge once for one order', async () => {
    const clock = new ManualClock();
    const store = new MemoryPaymentStore();
    const idempotency = new MemoryIdempotencyStore({ clock });
    const gateway = new TestGateway({ clock });
    const velocity = new MemoryVelocityStore();
    const make = (prefix: string) => new PaymentService({ store, idempotency, gateways: [gateway], velocity, geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ids: new SequentialIds(prefix), idempotencySettings: { pollMs: 1 } });
    const req = request();
    const [a, b] = await Promise.all([make('a-').processPayment(req), make('b-').processPayment(req)]);
    expect(a.paymentId).toBe(b.paymentId);
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('a decline is not remembered: the customer may retry the order with another card', async () => {
    const { service } = setup();
    const req = request({ paymentToken: TEST_TOKENS.decline });
    expect((await service.processPayment(req)).status).toBe('failed');
    const retry = await service.processPayment({ ...req, paymentToken: TEST_TOKENS.approve });
    expect(retry.status).toBe('authorized');
  });

  it('passes the idempotency key to the gateway, and a capture retried with its key is not repeated', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ idempotencyKey: 'pay-key' }));
    expect(gateway.calls[0]?.idempotencyKey).toMatch(/^pay-key:/);
    const first = await service.capturePayment(paymentId, { idempotencyKey: 'cap-1' });
    const second = await service.capturePayment(paymentId, { idempotencyKey: 'cap-1' });
    expect(second).toEqual(first);
    expect(gateway.calls.filter((c) => c.op === 'capture').map((c) => c.idempotencyKey)).toEqual(['cap-1']);
  });

  it('a refund retried with its key refunds once', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true }));
    const refund = { amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: 'r-1' };
    await service.refundPayment(paymentId, refund);
    const again = await service.refundPayment(paymentId, refund);
    expect(again.refundedAmount.amount).toBe('5.00');
    expect(gateway.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
  });
});

describe('gateway routing', () => {
  function twoGateways(routing?: Record<string, string[]>) {
    const primary = new TestGateway({ name: 'primary' });
    const backup = new TestGateway({ name: 'backup' });
    return { primary, backup, ...setup({ gateways: [primary, backup], ...(routing ? { routing } : {}) }) };
  }

  it('falls back to the next gateway after a retryable failure', async () => {
    const { service, primary, backup } = twoGateways();
    primary.failNext('authorize', 'network_error');
    const result = await service.processPayment(request());
    expect(result).toMatchObject({ status: 'authorized', gateway: 'backup' });
    expect(result.processorResponse.attempts).toEqual([
      { gateway: 'primary', outcome: 'retryable_error', message: 'connection refused' },
      { gateway: 'backup', outcome: 'approved' },
    ]);
    // Later operations go to the gateway that holds the authorization.
    await service.capturePayment(result.paymentId);
    expect(backup.calls.map((c) => c.op)).toEqual(['authorize', 'capture']);
    expect(primary.calls.map((c) => c.op)).toEqual(['authorize']);
  });

  it('never falls back after a decline, nor after an unknown outcome', async () => {
    const { service, primary, backup } = twoGateways();
    expect((await service.processPayment(request({ paymentToken: TEST_TOKENS.decline }))).status).toBe('failed');
    expect((await service.processPayment(request({ paymentToken: TEST_TOKENS.timeoutAfterCharge }))).status).toBe('unknown');
    expect(primary.calls.filter((c) => c.op === 'authorize')).toHaveLength(2);
    expect(backup.calls).toEqual([]);
  });

  it('fails with PAYMENT_GATEWAY_ERROR when every gateway of the route is down', async () => {
    const { service } = twoGateways();
    const result = await service.processPayment(request({ paymentToken: TEST_TOKENS.networkError }));
    expect(result).toMatchObject({ status: 'failed', errorCode: 'PAYMENT_GATEWAY_ERROR', success: false });
  });

  it('routes methods by configuration, and refuses a method nobody takes', async () => {
    const { service, primary, backup } = twoGateways({ credit_card: ['primary'], paypal: ['backup'] });
    await service.processPayment(request({ method: 'paypal' }));
    expect(backup.calls).toHaveLength(1);
    expect(primary.calls.filter((c) => c.op === 'authorize')).toHaveLength(0);
    const error = await service.processPayment(request({ method: 'bank_transfer' })).catch((e: unknown) => e);
    expect(isCommerceError(error) && error.code).toBe('GATEWAY_NOT_CONFIGURED');
  });

  it('refuses routing that names an unknown gateway at construction', () => {
    expect(() => twoGateways({ credit_card: ['nope'] })).toThrow(/unknown gateway/);
  });
});

describe('unknown outcomes and reconciliation', () => {
  it('a timeout after the charge is unknown, never failed, until reconcile asks the gateway', async () => {
    const { service, seen } = setup();
    const result = await service.processPayment(request({ paymentToken: TEST_TOKENS.timeoutAfterCharge, capture: true }));
    expect(result).toMatchObject({ status: 'unknown', success: false, errorCode: 'PAYMENT_OUTCOME_UNKNOWN' });
    const settled = await service.reconcilePayment(result.paymentId);
    expect(settled).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' }, fees: { amount: '1.75' } });
    expect(seen.map((e) => e.name)).toEqual(['payment.unknown', 'payment.captured']);
    // Reconciling again changes nothing.
    expect(await service.reconcilePayment(result.paymentId)).toEqual(settled);
  });

  it('a late gateway answer is still recorded after reconcile gave up on the pending entry', async () => {
    const { service, gateway, clock, store } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true }));
    const slow = new Promise<void>((resolve) => {
      const refund = gateway.refund.bind(gateway);
      gateway.refund = async (req) => {
        // Reconcile runs while the call is in flight, after the grace period, before the gateway acts.
        clock.advance({ minutes: 2 });
        await service.reconcilePayment(paymentId);
        resolve();
        return refund(req);
      };
    });
    const refunded = await service.refundPayment(paymentId, { amount: { amount: '5.00', currency: 'USD' } });
    await slow;
    expect(refunded).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '5.00' } });
    const record = await store.get(paymentId);
    expect(record?.ledger.map((e) => `${e.kind}:${e.state}`)).toEqual(['authorization:succeeded', 'capture:succeeded', 'refund:failed', 'refund:succeeded']);
  });

  it('an unknown payment the gateway never saw reconciles to failed', async () => {
    const { service, gateway } = setup();
    gateway.failNext('authorize', 'timeout_before');
    const result = await service.processPayment(request());
    expect(result.status).toBe('unknown');
    expect(await service.reconcilePayment(result.paymentId)).toMatchObject({ status: 'failed', success: false });
  });

  it('a refund whose answer was lost stays pending (counted) until reconciled', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true, amount: { amount: '20.00', currency: 'USD' } }));
    gateway.failNext('refund', 'timeout_after');
    const error = await service.refundPayment(paymentId, { amount: { amount: '15.00', currency: 'USD' } }).catch((e: unknown) => e);
    expect(isCommerceError(error) && error.code).toBe('PAYMENT_OUTCOME_UNKNOWN');
    // The pending 15 still counts: another 10 would exceed what was captured.
    const over = await service.refundPayment(paymentId, { amount: { amount: '10.00', currency: 'USD' } }).catch((e: unknown) => e);
    expect(isCommerceError(over) && over.code).toBe('REFUND_EXCEEDS_CAPTURED');
    expect(await service.reconcilePayment(paymentId)).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '15.00' } });
  });

  it('a capture the gateway never did is failed by reconcile and can be tried again', async () => {
    const { service, gateway, clock } = setup();
    const { paymentId } = await service.processPayment(request());
    gateway.failNext('capture', 'timeout_before');
    await service.capturePayment(paymentId, { idempotencyKey: 'c1' }).catch(() => undefined);
    // Within the grace period the pending capture may still be on its way: it is left alone.
    await service.reconcilePayment(paymentId);
    expect((await service.getPaymentRecord(paymentId)).ledger.map((e) => e.state)).toEqual(['succeeded', 'pending']);
    clock.advance({ minutes: 2 });
    expect(await service.reconcilePayment(paymentId)).toMatchObject({ status: 'authorized', capturedAmount: { amount: '0.00' } });
    expect((await service.getPaymentRecord(paymentId)).ledger.map((e) => e.state)).toEqual(['succeeded', 'failed']);
    expect(await service.capturePayment(paymentId, { idempotencyKey: 'c2' })).toMatchObject({ status: 'captured' });
  });
});
