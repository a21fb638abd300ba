import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureOpen, ledgerTotals } from '../../src/payment/ledger.js';
import { expectCode } from '../support/expect-code.js';
import { request, setup } from './setup.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });

describe('several captures on one authorization', () => {
  it('30 + 50 open, then 20 final: captured 100, the authorization closed, each capture one gateway call', async () => {
    const { service, gateway, store, seen } = setup();
    const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
    expect(await service.capturePayment(paymentId, { amount: usd('30.00'), final: false, idempotencyKey: 'ship-1' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '30.00' } });
    expect(await service.capturePayment(paymentId, { amount: usd('50.00'), final: false, idempotencyKey: 'ship-2' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '80.00' } });
    await expectCode(service.capturePayment(paymentId, { amount: usd('20.01'), idempotencyKey: 'ship-3-too-much' }), 'CAPTURE_EXCEEDS_AUTHORIZED');
    expect(await service.capturePayment(paymentId, { amount: usd('20.00'), idempotencyKey: 'ship-3' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '100.00' } });
    await expectCode(service.capturePayment(paymentId, { amount: usd('1.00'), idempotencyKey: 'ship-4' }), 'PAYMENT_INVALID_TRANSITION');
    expect(gateway.calls.filter((c) => c.op === 'capture').map((c) => c.amountMinor)).toEqual([3000, 5000, 2000]);
    const record = await store.get(paymentId);
    expect(record?.ledger.filter((e) => e.kind === 'capture').map((e) => [e.amountMinor, e.final ?? true])).toEqual([[3000, false], [5000, false], [2000, true]]);
    expect(seen.filter((e) => e.name === 'payment.captured').map((e) => e.amount)).toEqual(['30.00']);
  });

  it('a final capture short of the authorization releases the rest; refunds work between captures', async () => {
    const { service } = setup();
    const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
    await service.capturePayment(paymentId, { amount: usd('40.00'), final: false, idempotencyKey: 'a' });
    expect(await service.refundPayment(paymentId, { amount: usd('10.00'), idempotencyKey: 'r' })).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '10.00' } });
    expect(await service.capturePayment(paymentId, { amount: usd('25.00'), idempotencyKey: 'b' })).toMatchObject({ status: 'partially_refunded', capturedAmount: { amount: '65.00' } });
    await expectCode(service.capturePayment(paymentId, { amount: usd('5.00'), final: false, idempotencyKey: 'c' }), 'PAYMENT_INVALID_TRANSITION');
    await expectCode(service.refundPayment(paymentId, { amount: usd('55.01'), idempotencyKey: 'r2' }), 'REFUND_EXCEEDS_CAPTURED');
  });

  it('a gateway without multi-capture refuses final: false with MULTICAPTURE_NOT_SUPPORTED before any call; a second capture after a final one is PAYMENT_INVALID_TRANSITION', async () => {
    const { service, gateway } = setup({ gatewayOptions: { multiCapture: false } });
    const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
    await expectCode(service.capturePayment(paymentId, { amount: usd('30.00'), final: false }), 'MULTICAPTURE_NOT_SUPPORTED');
    expect(gateway.calls.filter((c) => c.op === 'capture')).toHaveLength(0);
    await service.capturePayment(paymentId, { amount: usd('30.00') });
    await expectCode(service.capturePayment(paymentId, { amount: usd('30.00'), idempotencyKey: 'second' }), 'PAYMENT_INVALID_TRANSITION');
  });

  it('property: any sequence of open and final captures keeps captured <= authorized, and the gateway agrees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ cents: fc.integer({ min: 1, max: 6000 }), final: fc.boolean() }), { minLength: 1, maxLength: 6 }), async (steps) => {
        const { service, store, gateway } = setup();
        const { paymentId } = await service.processPayment(request({ amount: usd('100.00') }));
        let key = 0;
        for (const step of steps) {
          await service.capturePayment(paymentId, { amount: usd((step.cents / 100).toFixed(2)), final: step.final, idempotencyKey: `k${(key += 1)}` }).catch(() => undefined);
        }
        const record = await store.get(paymentId);
        const totals = ledgerTotals(record?.ledger ?? []);
        expect(totals.captured).toBeLessThanOrEqual(totals.authorized);
        expect(totals.pendingCapture).toBe(0);
        const txn = await gateway.retrieve({ reference: paymentId });
        const atGateway = (txn?.operations ?? []).filter((o) => o.kind === 'capture').reduce((sum, o) => sum + o.amountMinor, 0);
        expect(atGateway).toBe(totals.captured);
        if (totals.captured > 0 && !captureOpen(record?.ledger ?? [])) {
          await expectCode(service.capturePayment(paymentId, { amount: usd('0.01'), idempotencyKey: 'after' }), 'PAYMENT_INVALID_TRANSITION');
        }
      }),
      { numRuns: 40 },
    );
  });
});
