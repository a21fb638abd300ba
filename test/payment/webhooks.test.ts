import { describe, expect, it } from 'vitest';
import { isCommerceError, signWebhook, verifyWebhookSignature } from '../../src/index.js';
import { TEST_SIGNATURE_HEADER, TestGateway, TEST_TOKENS } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

describe('webhook signatures', () => {
  const payload = '{"id":"evt_1"}';
  const now = 1_750_000_000_000;
  const header = signWebhook({ payload, secret: 'old', timestampSeconds: now / 1000 });
  const check = (h: string | undefined, secrets = ['new', 'old'], nowMs = now) => verifyWebhookSignature({ payload, header: h, secrets, nowMs, toleranceSeconds: 300 });

  it('verifies with any current secret (rotation)', () => {
    expect(check(header)).toEqual({ ok: true, timestampSeconds: now / 1000 });
    expect(check(header, ['new'])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses timestamps outside the tolerance, in both directions', () => {
    expect(check(header, ['old'], now + 300_000).ok).toBe(true);
    expect(check(header, ['old'], now + 301_000)).toEqual({ ok: false, reason: 'stale' });
    expect(check(header, ['old'], now - 301_000)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses a changed body, a changed timestamp and malformed headers', () => {
    expect(verifyWebhookSignature({ payload: '{"id":"evt_2"}', header, secrets: ['old'], nowMs: now, toleranceSeconds: 300 }).ok).toBe(false);
    expect(check(header.replace(`t=${now / 1000}`, `t=${now / 1000 + 1}`), ['old'])).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(undefined)).toEqual({ ok: false, reason: 'malformed' });
    expect(check('v1=abc')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts a header carrying several signatures if one matches', () => {
    const other = signWebhook({ payload, secret: 'unknown', timestampSeconds: now / 1000 }).split(',')[1];
    expect(check(`${header},${other}`, ['old']).ok).toBe(true);
  });
});

describe('handleWebhook', () => {
  it('applies a signed capture event to an authorized payment, once', async () => {
    const { service, gateway, seen } = setup();
    const paid = await service.processPayment(request());
    const hook = gateway.signEvent({ type: 'payment.captured', paymentId: paid.paymentId, transactionId: paid.gatewayTransactionId ?? '', operationId: 'op_dash', amountMinor: 4999, feeMinor: 175 });
    expect((await service.handleWebhook(hook.rawBody, hook.headers)).outcome).toBe('applied');
    expect((await service.handleWebhook(hook.rawBody, hook.headers)).outcome).toBe('duplicate');
    expect(await service.getPayment(paid.paymentId)).toMatchObject({ status: 'captured', capturedAmount: { amount: '49.99' }, fees: { amount: '1.75' } });
    expect(seen.filter((e) => e.name === 'payment.captured')).toHaveLength(1);
  });

  it('refuses a bad signature with WEBHOOK_SIGNATURE_INVALID, and accepts the old secret during rotation', async () => {
    const { service, clock } = setup({ gatewayOptions: { webhookSecrets: ['whsec_new', 'whsec_old'] } });
    const signer = new TestGateway({ clock, webhookSecrets: ['whsec_other'] });
    const paid = await service.processPayment(request());
    const forged = signer.signEvent({ type: 'payment.voided', paymentId: paid.paymentId, transactionId: 'x' });
    const error = await service.handleWebhook(forged.rawBody, forged.headers).catch((e: unknown) => e);
    expect(isCommerceError(error) && error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const old = signer.signEvent({ type: 'payment.voided', paymentId: paid.paymentId, transactionId: 'x' }, { secret: 'whsec_old' });
    expect((await service.handleWebhook(old.rawBody, { [TEST_SIGNATURE_HEADER.toUpperCase()]: old.headers[TEST_SIGNATURE_HEADER] })).outcome).toBe('applied');
    expect((await service.getPayment(paid.paymentId))?.status).toBe('voided');
  });

  it('refuses a replayed event after the tolerance window', async () => {
    const { service, gateway, clock } = setup();
    const paid = await service.processPayment(request());
    const hook = gateway.signEvent({ type: 'payment.voided', paymentId: paid.paymentId, transactionId: 'x' });
    clock.advance({ minutes: 6 });
    await expect(service.handleWebhook(hook.rawBody, hook.headers)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
  });

  it('keeps an event for a payment not stored yet and applies it when the payment appears', async () => {
    const { service, gateway, seen } = setup();
    // The next payment id the service will use; the gateway's webhook outruns its answer.
    const early = gateway.signEvent({ type: 'payment.captured', paymentId: 'payment_1', transactionId: 'test_txn_x', operationId: 'op_early', amountMinor: 4999 });
    expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('parked');
    const paid = await service.processPayment(request());
    expect(paid.paymentId).toBe('payment_1');
    expect(paid.status).toBe('captured');
    expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('duplicate');
    expect(seen.map((e) => e.name)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('ignores an event that contradicts the payment (and does not retry it)', async () => {
    const { service, gateway } = setup();
    const paid = await service.processPayment(request());
    const hook = gateway.signEvent({ type: 'payment.refunded', paymentId: paid.paymentId, transactionId: 'x', amountMinor: 100 });
    const outcome = await service.handleWebhook(hook.rawBody, hook.headers);
    expect(outcome.outcome).toBe('ignored');
    expect(outcome.reason).toMatch(/cannot refund a payment that is authorized|refund/);
    expect((await service.handleWebhook(hook.rawBody, hook.headers)).outcome).toBe('duplicate');
    expect((await service.getPayment(paid.paymentId))?.status).toBe('authorized');
  });

  it('settles an unknown payment from a webhook, and a failed 3-D Secure fails it', async () => {
    const { service, gateway } = setup();
    const pending = await service.processPayment(request({ paymentToken: TEST_TOKENS.requiresAction }));
    const failed = gateway.completeAction(pending.gatewayTransactionId ?? '', false);
    await service.handleWebhook(failed.rawBody, failed.headers);
    expect(await service.getPayment(pending.paymentId)).toMatchObject({ status: 'failed', success: false });
  });

  it('refuses a body that is not a string', async () => {
    const { service } = setup();
    await expect(service.handleWebhook(undefined as unknown as string, {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('gateway-side screening events', () => {
  it('review_required holds an authorized payment; blocked fails an unknown one with PAYMENT_BLOCKED', async () => {
    const { service, gateway, seen } = setup();
    const paid = await service.processPayment(request());
    const hold = gateway.signEvent({ type: 'payment.review_required', paymentId: paid.paymentId, transactionId: paid.gatewayTransactionId ?? '' });
    await service.handleWebhook(hold.rawBody, hold.headers);
    expect(await service.getPayment(paid.paymentId)).toMatchObject({ status: 'review', errorCode: 'PAYMENT_IN_REVIEW' });
    expect(seen.map((e) => e.name)).toEqual(['payment.authorized', 'payment.review_required']);
    gateway.failNext('authorize', 'timeout_before');
    const lost = await service.processPayment(request());
    const blocked = gateway.signEvent({ type: 'payment.blocked', paymentId: lost.paymentId, transactionId: 'x', reason: 'radar' });
    await service.handleWebhook(blocked.rawBody, blocked.headers);
    expect(await service.getPayment(lost.paymentId)).toMatchObject({ status: 'failed', errorCode: 'PAYMENT_BLOCKED', errorMessage: 'radar' });
  });
});

it('an event that changes nothing on a partially refunded payment emits nothing', async () => {
  const { service, gateway, seen } = setup();
  const paid = await service.processPayment(request({ capture: true }));
  await service.refundPayment(paid.paymentId, { amount: { amount: '1', currency: 'USD' } });
  const late = gateway.signEvent({ type: 'payment.authorized', paymentId: paid.paymentId, transactionId: paid.gatewayTransactionId ?? '' });
  expect((await service.handleWebhook(late.rawBody, late.headers)).outcome).toBe('applied');
  expect(seen.map((e) => e.name)).toEqual(['payment.captured', 'payment.refunded']);
});
