import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../src/adapters/stripe/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { StripeFake } from './stripe-fake.js';

const SECRET = 'whsec_test_primary';
const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const fake = new StripeFake(() => clock.now());
let key = 0;
const nextKey = () => `key-${++key}`;

function client(options: { timeout?: number; maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe('sk_test_fake', { host: '127.0.0.1', port: fake.port, protocol: 'http', timeout: options.timeout ?? 5000, maxNetworkRetries: options.maxNetworkRetries ?? 0 });
}
function gateway(options: { timeout?: number; maxNetworkRetries?: number; returnUrl?: string } = {}): StripeGateway {
  return new StripeGateway({ stripe: client(options), webhookSecrets: [SECRET, 'whsec_old'], clock, ...(options.returnUrl ? { returnUrl: options.returnUrl } : {}) });
}
const auth = (token: string, amountMinor = 1000, extra: Partial<Parameters<StripeGateway['authorize']>[0]> = {}) => ({
  reference: `pay-${++key}`, amountMinor, currency: 'USD', method: 'credit_card' as const, token, capture: false, idempotencyKey: nextKey(), ...extra,
});

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe('StripeGateway against a local Stripe', () => {
  it('authorizes with manual capture and sends the payment key as Idempotency-Key', async () => {
    const request = auth('pm_card_visa');
    const outcome = await gateway().authorize(request);
    expect(outcome).toMatchObject({ outcome: 'approved', status: 'authorized', feeMinor: 0 });
    if (outcome.outcome !== 'approved') throw new Error('not approved');
    expect(fake.intents.get(outcome.transactionId)).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount: 1000, metadata: { ck_reference: request.reference } });
    expect(fake.requests.filter((r) => r.idempotencyKey === request.idempotencyKey)).toHaveLength(1);
    expect(outcome.operationId).toBe(outcome.transactionId);
  });

  it('captures at once when asked, with the fee in the payment currency', async () => {
    const outcome = await gateway().authorize(auth('pm_card_visa', 10_000, { capture: true }));
    expect(outcome).toMatchObject({ outcome: 'approved', status: 'captured', feeMinor: 320 });
  });

  it('maps a decline to its decline code and keeps the intent id', async () => {
    const outcome = await gateway().authorize(auth('pm_card_chargeDeclinedInsufficientFunds'));
    expect(outcome).toMatchObject({ outcome: 'declined', code: 'insufficient_funds' });
    expect(outcome.outcome === 'declined' && outcome.transactionId).toMatch(/^pi_/);
  });

  it('surfaces 3-D Secure as requires_action with the redirect, or use_stripe_sdk without a return URL', async () => {
    const redirect = await gateway({ returnUrl: 'https://shop.example/3ds-done' }).authorize(auth('pm_card_threeDSecure2Required'));
    expect(redirect).toMatchObject({ outcome: 'requires_action', raw: { nextAction: 'redirect_to_url' } });
    expect(redirect.outcome === 'requires_action' && redirect.actionUrl).toMatch(/^https:\/\/hooks\.stripe\.com\/3d_secure_2/);
    const sdk = await gateway().authorize(auth('pm_card_threeDSecure2Required'));
    expect(sdk).toMatchObject({ outcome: 'requires_action', raw: { nextAction: 'use_stripe_sdk' } });
    expect(JSON.stringify(sdk)).not.toContain('secret');
  });

  it('captures part, refunds several times, and refuses a refund above what was captured', async () => {
    const g = gateway();
    const a = await g.authorize(auth('pm_card_visa', 1000));
    if (a.outcome !== 'approved') throw new Error('not approved');
    const captured = await g.capture({ transactionId: a.transactionId, amountMinor: 600, currency: 'USD', idempotencyKey: nextKey() });
    expect(captured).toMatchObject({ outcome: 'approved', status: 'captured', feeMinor: 47 });
    const first = await g.refund({ transactionId: a.transactionId, amountMinor: 200, currency: 'USD', idempotencyKey: nextKey() });
    const second = await g.refund({ transactionId: a.transactionId, amountMinor: 300, currency: 'USD', idempotencyKey: nextKey() });
    expect([first.outcome, second.outcome]).toEqual(['approved', 'approved']);
    const over = await g.refund({ transactionId: a.transactionId, amountMinor: 101, currency: 'USD', idempotencyKey: nextKey() });
    expect(over).toMatchObject({ outcome: 'declined', code: 'charge_exceeds_source_limit' });
    const txn = await g.retrieve({ reference: 'ignored', transactionId: a.transactionId });
    expect(txn?.status).toBe('captured');
    expect(txn?.operations.map((o) => [o.kind, o.amountMinor])).toEqual([['authorization', 1000], ['capture', 600], ['refund', 200], ['refund', 300]]);
  });

  it('voids with cancel and records the void key for reconciliation', async () => {
    const g = gateway();
    const a = await g.authorize(auth('pm_card_visa', 1500));
    if (a.outcome !== 'approved') throw new Error('not approved');
    const voidKey = nextKey();
    expect(await g.void({ transactionId: a.transactionId, idempotencyKey: voidKey })).toMatchObject({ outcome: 'approved', status: 'voided', operationId: a.transactionId });
    const txn = await g.retrieve({ reference: 'x', transactionId: a.transactionId });
    expect(txn).toMatchObject({ status: 'voided' });
    expect(txn?.operations.find((o) => o.kind === 'void')).toMatchObject({ amountMinor: 1500, idempotencyKey: voidKey });
    expect(await g.capture({ transactionId: a.transactionId, amountMinor: 1500, currency: 'USD', idempotencyKey: nextKey() })).toMatchObject({ outcome: 'declined', code: 'payment_intent_unexpected_state' });
  });

  it('sends zero- and three-decimal amounts right and refuses what Stripe cannot take, before any request', async () => {
    const g = gateway();
    const yen = await g.authorize(auth('pm_card_visa', 1234, { currency: 'JPY' }));
    expect(yen.outcome === 'approved' && fake.intents.get(yen.transactionId)?.amount).toBe(1234);
    const isk = await g.authorize(auth('pm_card_visa', 500, { currency: 'ISK' }));
    expect(isk.outcome === 'approved' && fake.intents.get(isk.transactionId)?.amount).toBe(50_000);
    const kwd = await g.authorize(auth('pm_card_visa', 12_340, { currency: 'KWD' }));
    expect(kwd.outcome === 'approved' && fake.intents.get(kwd.transactionId)?.amount).toBe(12_340);
    const before = fake.requests.length;
    expect(await g.authorize(auth('pm_card_visa', 12_345, { currency: 'KWD' }))).toMatchObject({ outcome: 'declined', code: 'invalid_amount' });
    expect(fake.requests.length).toBe(before);
    if (isk.outcome !== 'approved') throw new Error('not approved');
    const txn = await g.retrieve({ reference: 'x', transactionId: isk.transactionId });
    expect(txn?.operations[0]?.amountMinor).toBe(500);
  });

  it('a timeout after Stripe charged answers unknown; retrieve by reference finds the one intent', async () => {
    const g = gateway({ timeout: 150 });
    const request = auth('pm_card_visa', 2500);
    fake.delayNextResponse(600);
    expect(await g.authorize(request)).toMatchObject({ outcome: 'unknown' });
    const txn = await g.retrieve({ reference: request.reference });
    expect(txn).toMatchObject({ status: 'authorized', reference: request.reference });
    expect(txn?.operations[0]).toMatchObject({ kind: 'authorization', amountMinor: 2500, idempotencyKey: request.idempotencyKey });
    // The retried call with the same key is answered from Stripe's idempotency, not charged again.
    const again = await gateway().authorize(request);
    expect(again.outcome === 'approved' && again.transactionId).toBe(txn?.transactionId);
    expect([...fake.intents.values()].filter((i) => (i.metadata as Record<string, string>).ck_reference === request.reference)).toHaveLength(1);
  });

  it('the SDK retry after a timeout reuses the key: one intent', async () => {
    const request = auth('pm_card_visa', 700);
    fake.delayNextResponse(600);
    const outcome = await gateway({ timeout: 150, maxNetworkRetries: 1 }).authorize(request);
    expect(outcome).toMatchObject({ outcome: 'approved', status: 'authorized' });
    expect(fake.requests.filter((r) => r.idempotencyKey === request.idempotencyKey)).toHaveLength(2);
    expect([...fake.intents.values()].filter((i) => (i.metadata as Record<string, string>).ck_reference === request.reference)).toHaveLength(1);
  });

  it('retrieve answers null for a reference Stripe never saw', async () => {
    expect(await gateway().retrieve({ reference: 'never-sent' })).toBeNull();
  });

  it('Apple Pay and Google Pay tokens become card payment methods', async () => {
    const g = gateway();
    expect(await g.describeToken('tok_applepay')).toMatchObject({ card: { brand: 'visa', last4: '1881', fingerprint: 'fp_1881', bin: '' } });
    for (const [token, method] of [['tok_applepay', 'apple_pay'], ['tok_googlepay', 'google_pay']] as const) {
      const request = auth(token, 900, { method });
      const outcome = await g.authorize(request);
      expect(outcome).toMatchObject({ outcome: 'approved', status: 'authorized' });
      const intent = outcome.outcome === 'approved' ? fake.intents.get(outcome.transactionId) : undefined;
      expect(String(intent?.payment_method)).toMatch(/^pm_/);
      expect(fake.requests.some((r) => r.path === '/v1/payment_methods' && r.idempotencyKey === `${request.idempotencyKey}:payment-method`)).toBe(true);
    }
  });
});
