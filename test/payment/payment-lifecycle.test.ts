import { describe, expect, it } from 'vitest';
import { isCommerceError } from '../../src/index.js';
import { TEST_TOKENS } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';
import { request, setup } from './setup.js';


describe('processPayment', () => {
  it('authorizes, then captures with the gateway fee recorded on the capture', async () => {
    const { service, gateway, seen } = setup();
    const auth = await service.processPayment(request());
    expect(auth).toMatchObject({ status: 'authorized', success: true, amount: { amount: '49.99', currency: 'USD' }, fraudRiskLevel: 'low', fees: { amount: '0.00' } });
    expect(auth.gatewayTransactionId).toMatch(/^test_txn_/);
    expect(auth.card).toEqual({ brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 });
    const captured = await service.capturePayment(auth.paymentId);
    // 2.9% of 49.99 = 1.44971 -> 145 minor, + 30 fixed.
    expect(captured).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' }, fees: { amount: '1.75' } });
    expect(gateway.calls.find((c) => c.op === 'capture')?.amountMinor).toBe(4999);
    expect(seen.map((e) => e.name)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('authorizes and captures at once when asked', async () => {
    const { service } = setup();
    const result = await service.processPayment(request({ capture: true }));
    expect(result).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' }, fees: { amount: '1.75' } });
  });

  it('sends integer minor units of the currency (JPY 0 decimals, KWD 3)', async () => {
    const { service, gateway } = setup();
    await service.processPayment(request({ amount: { amount: '5000', currency: 'JPY' } }));
    await service.processPayment(request({ amount: { amount: '12.345', currency: 'KWD' } }));
    expect(gateway.calls.filter((c) => c.op === 'authorize').map((c) => c.amountMinor)).toEqual([5000, 12345]);
  });

  it('answers a decline as a failed result, with the reason', async () => {
    const { service, seen } = setup();
    const result = await service.processPayment(request({ paymentToken: TEST_TOKENS.declineInsufficientFunds }));
    expect(result).toMatchObject({ status: 'failed', success: false, errorCode: 'PAYMENT_DECLINED' });
    expect(result.errorMessage).toContain('insufficient_funds');
    expect(seen.map((e) => e.name)).toEqual(['payment.failed']);
    expect(await service.getPayment(result.paymentId)).toEqual(result);
  });

  it('answers requires_action with the 3-D Secure step, and the webhook settles it', async () => {
    const { service, gateway } = setup();
    const req = request({ paymentToken: TEST_TOKENS.requiresAction, capture: true });
    const result = await service.processPayment(req);
    expect(result).toMatchObject({ status: 'requires_action', success: false, errorCode: 'PAYMENT_REQUIRES_ACTION' });
    expect(result.nextAction?.url).toContain('/3ds/');
    const webhook = gateway.completeAction(result.gatewayTransactionId ?? '');
    const outcome = await service.handleWebhook(webhook.rawBody, webhook.headers);
    expect(outcome.outcome).toBe('applied');
    expect(await service.getPayment(result.paymentId)).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' } });
    // The checkout retrying the same order now learns the payment went through, without a second charge.
    expect(await service.processPayment(req)).toMatchObject({ paymentId: result.paymentId, status: 'captured', success: true });
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('refuses bad input with VALIDATION_FAILED and writes nothing', async () => {
    const { service, gateway } = setup();
    await expectCode(service.processPayment(request({ amount: { amount: '10.001', currency: 'USD' } })), 'VALIDATION_FAILED');
    await expectCode(service.processPayment(request({ amount: { amount: '-1.00', currency: 'USD' } })), 'VALIDATION_FAILED');
    await expectCode(service.processPayment(request({ method: 'cash' })), 'VALIDATION_FAILED');
    await expectCode(service.processPayment(request({ customer: { email: 'nope' } })), 'VALIDATION_FAILED');
    expect(gateway.calls).toEqual([]);
  });
});

describe('capture, void, refund', () => {
  it('captures part of an authorization; the rest is released and cannot be captured later', async () => {
    const { service } = setup();
    const { paymentId } = await service.processPayment(request({ amount: { amount: '100.00', currency: 'USD' } }));
    await expectCode(service.capturePayment(paymentId, { amount: { amount: '100.01', currency: 'USD' } }), 'CAPTURE_EXCEEDS_AUTHORIZED');
    await expectCode(service.capturePayment(paymentId, { amount: { amount: '10.00', currency: 'EUR' } }), 'CURRENCY_MISMATCH');
    const partial = await service.capturePayment(paymentId, { amount: { amount: '60.00', currency: 'USD' } });
    expect(partial).toMatchObject({ status: 'captured', capturedAmount: { amount: '60.00' }, authorizedAmount: { amount: '100.00' } });
    await expectCode(service.capturePayment(paymentId, { amount: { amount: '10.00', currency: 'USD' }, idempotencyKey: 'second' }), 'PAYMENT_INVALID_TRANSITION');
  });

  it('refunds several times up to the captured amount, then refuses', async () => {
    const { service, seen } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true, amount: { amount: '30.00', currency: 'USD' } }));
    const first = await service.refundPayment(paymentId, { amount: { amount: '10.00', currency: 'USD' }, reason: 'damaged' });
    expect(first).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '10.00' } });
    const second = await service.refundPayment(paymentId, { amount: { amount: '15.00', currency: 'USD' } });
    expect(second).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '25.00' } });
    await expectCode(service.refundPayment(paymentId, { amount: { amount: '5.01', currency: 'USD' } }), 'REFUND_EXCEEDS_CAPTURED');
    const rest = await service.refundPayment(paymentId);
    expect(rest).toMatchObject({ status: 'refunded', refundedAmount: { amount: '30.00' } });
    await expectCode(service.refundPayment(paymentId), 'PAYMENT_INVALID_TRANSITION');
    expect(seen.filter((e) => e.name === 'payment.refunded').map((e) => e.amount)).toEqual(['10.00', '15.00', '5.00']);
  });

  it('voids an authorization, and nothing moves after', async () => {
    const { service } = setup();
    const { paymentId } = await service.processPayment(request());
    expect(await service.voidPayment(paymentId)).toMatchObject({ status: 'voided', success: true });
    await expectCode(service.capturePayment(paymentId), 'PAYMENT_INVALID_TRANSITION');
    await expectCode(service.refundPayment(paymentId), 'PAYMENT_INVALID_TRANSITION');
  });

  it('refuses a refund of an authorization that was never captured, and a void after capture', async () => {
    const { service } = setup();
    const a = await service.processPayment(request());
    await expectCode(service.refundPayment(a.paymentId), 'PAYMENT_INVALID_TRANSITION');
    const b = await service.processPayment(request({ capture: true }));
    await expectCode(service.voidPayment(b.paymentId), 'PAYMENT_INVALID_TRANSITION');
  });

  it('a gateway decline of a refund throws PAYMENT_DECLINED and leaves the ledger as it was', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true }));
    gateway.failNext('refund', { decline: 'refund_window_closed' });
    await expectCode(service.refundPayment(paymentId), 'PAYMENT_DECLINED');
    expect(await service.getPayment(paymentId)).toMatchObject({ status: 'captured', refundedAmount: { amount: '0.00' } });
    expect(await service.refundPayment(paymentId)).toMatchObject({ status: 'refunded' });
  });

  it('two concurrent full refunds move the money once', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await service.processPayment(request({ capture: true }));
    const results = await Promise.allSettled([service.refundPayment(paymentId), service.refundPayment(paymentId)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The loser tries again after a jittered wait: it meets the first refund still pending
    // (too much to refund) or done (a refunded payment refunds nothing more).
    const rejected = results.find((r) => r.status === 'rejected');
    expect(['REFUND_EXCEEDS_CAPTURED', 'PAYMENT_INVALID_TRANSITION']).toContain(isCommerceError(rejected?.reason) && rejected.reason.code);
    expect(gateway.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
  });

  it('an unknown payment id is PAYMENT_NOT_FOUND; getPayment answers null', async () => {
    const { service } = setup();
    await expectCode(service.capturePayment('nope'), 'PAYMENT_NOT_FOUND');
    expect(await service.getPayment('nope')).toBeNull();
  });
});

describe('3-D Secure and review, settled by reconciliation', () => {
  it('reconcile settles a finished 3-D Secure without any webhook', async () => {
    const { service, gateway } = setup();
    const result = await service.processPayment(request({ paymentToken: TEST_TOKENS.requiresAction }));
    expect((await service.reconcilePayment(result.paymentId)).status).toBe('requires_action');
    gateway.completeAction(result.gatewayTransactionId ?? '');
    expect(await service.reconcilePayment(result.paymentId)).toMatchObject({ status: 'authorized', authorizedAmount: { amount: '49.99' } });
  });

  it('a high-risk payment that needed 3-D Secure lands in review, not authorized', async () => {
    const { service, gateway } = setup({ fraud: { thresholds: { high: 1 }, amount: { roundUnit: '0.01' } } });
    const result = await service.processPayment(request({ paymentToken: TEST_TOKENS.requiresAction, capture: true }));
    expect(result).toMatchObject({ status: 'requires_action', fraudRiskLevel: 'high' });
    const hook = gateway.completeAction(result.gatewayTransactionId ?? '');
    await service.handleWebhook(hook.rawBody, hook.headers);
    // High risk asked the gateway to authorize only, so the capture waits for a person.
    expect(await service.getPayment(result.paymentId)).toMatchObject({ status: 'review', capturedAmount: { amount: '0.00' } });
    expect(await service.approvePayment(result.paymentId)).toMatchObject({ status: 'captured' });
  });

  it('approving a review without capture requested leaves it authorized', async () => {
    const { service, gateway } = setup({ fraud: { thresholds: { high: 1 }, amount: { roundUnit: '0.01' } } });
    const held = await service.processPayment(request());
    expect(await service.approvePayment(held.paymentId)).toMatchObject({ status: 'authorized', success: true });
    expect(gateway.calls.map((c) => c.op)).toEqual(['authorize']);
    await expect(service.approvePayment(held.paymentId, { idempotencyKey: 'again' })).rejects.toMatchObject({ code: 'PAYMENT_INVALID_TRANSITION' });
  });
});
