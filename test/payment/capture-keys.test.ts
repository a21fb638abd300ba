import { describe, expect, it } from 'vitest';
import { expectCode } from '../support/expect-code.js';
import { request, setup } from './setup.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });

describe('capture without a key', () => {
  it('99 then 2 on a 100 authorization: the second is judged on the payment, not taken for a reused key', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
    expect(await service.capturePayment(paymentId, { amount: usd('99.00') })).toMatchObject({ status: 'captured', capturedAmount: { amount: '99.00' } });
    // The first capture was final (the default), so the rest was released.
    await expectCode(service.capturePayment(paymentId, { amount: usd('2.00') }), 'PAYMENT_INVALID_TRANSITION');
    await expectCode(service.capturePayment(paymentId), 'PAYMENT_INVALID_TRANSITION');
    // The same capture sent again is a retry: answered once, the gateway called once.
    expect(await service.capturePayment(paymentId, { amount: usd('99.00') })).toMatchObject({ status: 'captured', capturedAmount: { amount: '99.00' } });
    expect(gateway.calls.filter((c) => c.op === 'capture')).toHaveLength(1);
  });

  it('a capture above what is authorized answers CAPTURE_EXCEEDS_AUTHORIZED, and a smaller one still goes through', async () => {
    const { service } = setup();
    const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
    await expectCode(service.capturePayment(paymentId, { amount: usd('101.00') }), 'CAPTURE_EXCEEDS_AUTHORIZED');
    expect(await service.capturePayment(paymentId, { amount: usd('100.00') })).toMatchObject({ status: 'captured' });
  });
});

describe('caller keys of any length reach the gateway within its limits', () => {
  it('a 255-character key: the gateway sees a stable key of at most 100, and a retry is answered once', async () => {
    const { service, gateway, store } = setup();
    const long = 'k'.repeat(255);
    const paid = await service.processPayment(request({ amount: usd('10.00'), idempotencyKey: long }));
    const captureKey = `capture-${'c'.repeat(247)}`;
    await service.capturePayment(paid.paymentId, { idempotencyKey: captureKey });
    await service.capturePayment(paid.paymentId, { idempotencyKey: captureKey });
    await service.refundPayment(paid.paymentId, { idempotencyKey: `refund:${'r'.repeat(248)}` });
    const keys = gateway.calls.map((c) => c.idempotencyKey).filter((k): k is string => k !== undefined);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(100);
    const record = await store.get(paid.paymentId);
    expect(record?.ledger.map((e) => e.idempotencyKey)).toEqual([keys[0], keys[1], keys[2]]);
  });
});
