import { describe, expect, it } from 'vitest';
import { MemoryPaymentStore, MemoryVelocityStore, type PaymentGateway } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

class FlakyStore extends MemoryPaymentStore {
  failCommits = false;
  failCreates = false;

  override commit(input: Parameters<MemoryPaymentStore['commit']>[0]) {
    if (this.failCommits) return Promise.reject(new Error('connection reset'));
    return super.commit(input);
  }

  override create(payment: Parameters<MemoryPaymentStore['create']>[0]) {
    if (this.failCreates) return Promise.reject(new Error('connection reset'));
    return super.create(payment);
  }
}

describe('faults', () => {
  it('a gateway that throws gives an unknown outcome, never a failure', async () => {
    const broken = new TestGateway({ name: 'broken' });
    (broken as { authorize: PaymentGateway['authorize'] }).authorize = () => Promise.reject(new Error('socket hang up'));
    const { service } = setup({ gateways: [broken] });
    const result = await service.processPayment(request());
    expect(result).toMatchObject({ status: 'unknown', errorCode: 'PAYMENT_OUTCOME_UNKNOWN', errorMessage: 'socket hang up' });
  });

  it('a store failure before the gateway call is STORE_UNAVAILABLE, and nothing moved', async () => {
    const store = new FlakyStore();
    const { service, gateway } = setup({ store });
    const { paymentId } = await service.processPayment(request({ capture: true }));
    store.failCommits = true;
    await expect(service.refundPayment(paymentId)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(gateway.calls.filter((c) => c.op === 'refund')).toEqual([]);
    store.failCommits = false;
    expect(await service.getPayment(paymentId)).toMatchObject({ status: 'captured', refundedAmount: { amount: '0.00' } });
    expect(await service.refundPayment(paymentId)).toMatchObject({ status: 'refunded' });
  });

  it('a store failure after the charge throws, and a retry with the same key is not charged twice', async () => {
    const store = new FlakyStore();
    const { service, gateway } = setup({ store });
    const req = request();
    store.failCreates = true;
    await expect(service.processPayment(req)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    store.failCreates = false;
    const retried = await service.processPayment(req);
    expect(retried.status).toBe('authorized');
    // The gateway saw the same idempotency key twice and answered the first charge again.
    const keys = gateway.calls.filter((c) => c.op === 'authorize').map((c) => c.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    const remote = await gateway.retrieve({ reference: 'payment_1' });
    expect(remote?.operations.filter((o) => o.kind === 'authorization')).toHaveLength(1);
    expect(retried.gatewayTransactionId).toBe(remote?.transactionId);
  });
});

it('events parked before a crash between create and apply are applied by reconcilePayment', async () => {
  class ForgetfulStore extends MemoryPaymentStore {
    // Simulates the crash: create answers no parked events, so nothing applies them then.
    override async create(payment: Parameters<MemoryPaymentStore['create']>[0]) {
      const created = await super.create(payment);
      return created.ok ? { ...created, parked: [] } : created;
    }
  }
  const { service, gateway } = setup({ store: new ForgetfulStore() });
  const early = gateway.signEvent({ type: 'payment.captured', paymentId: 'payment_1', transactionId: 'test_txn_x', operationId: 'op_early', amountMinor: 4999 });
  expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('parked');
  expect((await service.processPayment(request())).status).toBe('authorized');
  expect(await service.reconcilePayment('payment_1')).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' } });
  expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('duplicate');
});

it('a void is refused while a capture is in flight, and the other way round', async () => {
  const { service, gateway } = setup();
  const { paymentId } = await service.processPayment(request());
  gateway.failNext('capture', 'timeout_before');
  await expect(service.capturePayment(paymentId)).rejects.toMatchObject({ code: 'PAYMENT_OUTCOME_UNKNOWN' });
  await expect(service.voidPayment(paymentId)).rejects.toMatchObject({ code: 'PAYMENT_INVALID_TRANSITION', message: expect.stringContaining('capture is in progress') as unknown });
  const other = await service.processPayment(request());
  gateway.failNext('void', 'timeout_before');
  await expect(service.voidPayment(other.paymentId)).rejects.toMatchObject({ code: 'PAYMENT_OUTCOME_UNKNOWN' });
  await expect(service.capturePayment(other.paymentId)).rejects.toMatchObject({ code: 'PAYMENT_INVALID_TRANSITION' });
});

it('a velocity store failure after the charge does not fail the payment', async () => {
  const velocity = new MemoryVelocityStore();
  const { service } = setup({ velocity });
  velocity.record = () => Promise.reject(new Error('redis down'));
  await expect(service.processPayment(request())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  let calls = 0;
  velocity.record = (input) => (++calls === 1 ? MemoryVelocityStore.prototype.record.call(velocity, input) : Promise.reject(new Error('redis down')));
  expect((await service.processPayment(request())).status).toBe('authorized');
});
