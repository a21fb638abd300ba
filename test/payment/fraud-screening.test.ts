import { describe, expect, it } from 'vitest';
import { MemoryPaymentStore, MemoryVelocityStore } from '../../src/adapters/memory/index.js';
import { amountRule, decide, deviceRule, FraudScreening, geographyRule, listRule, MemoryBinLookup, MemoryGeoIp, riskLevel, velocityRule, type FraudSignals, type ScreenedPayment } from '../../src/index.js';
import { ManualClock, TEST_CARDS, TEST_TOKENS } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

const payment: ScreenedPayment = { amount: '49.99', amountMinor: 4999, currency: 'USD', exponent: 2, method: 'credit_card', customerKey: 'c1', email: 'a@example.com', ip: '1.2.3.4', deviceId: 'd1', billingCountry: 'US', cardFingerprint: 'fp' };
const quiet: FraudSignals = { velocity: {}, ipCountry: 'US', cardCountry: 'US', spend: { count: 3, totalMinor: 15000, maxMinor: 6000 }, device: { cardsDay: 1, emailsDay: 1 } };

describe('fraud rules (pure)', () => {
  it('a quiet payment scores 0 on every rule', () => {
    for (const rule of [velocityRule(), geographyRule(), amountRule(), deviceRule(), listRule()]) expect(rule.evaluate(payment, quiet)).toEqual({ score: 0, reasons: [] });
  });

  it('velocity scores attempts and declines per dimension, per hour and per day', () => {
    const rule = velocityRule();
    const hot = { attemptsHour: 5, attemptsDay: 5, declinesHour: 0, declinesDay: 0 };
    expect(rule.evaluate(payment, { ...quiet, velocity: { card: hot } }).score).toBe(20);
    expect(rule.evaluate(payment, { ...quiet, velocity: { card: { ...hot, attemptsHour: 4 } } }).score).toBe(0);
    expect(rule.evaluate(payment, { ...quiet, velocity: { email: { attemptsHour: 1, attemptsDay: 20, declinesHour: 0, declinesDay: 5 } } }).score).toBe(50);
    const both = rule.evaluate(payment, { ...quiet, velocity: { card: hot, ip: hot } });
    expect(both.score).toBe(40);
    expect(both.reasons.join(' ')).toMatch(/card.*ip/);
  });

  it('geography compares IP, billing and card countries, and flags listed countries', () => {
    expect(geographyRule().evaluate(payment, { ...quiet, ipCountry: 'RU' }).score).toBe(25);
    expect(geographyRule().evaluate(payment, { ...quiet, ipCountry: 'RU', cardCountry: 'BR' }).score).toBe(40);
    expect(geographyRule({ highRiskCountries: ['RU'] }).evaluate(payment, { ...quiet, ipCountry: 'RU' }).score).toBe(50);
    expect(geographyRule().evaluate(payment, { ...quiet, ipCountry: null, cardCountry: null }).score).toBe(0);
  });

  it('amount flags round amounts, far-above-usual amounts and large first orders', () => {
    const rule = amountRule();
    expect(rule.evaluate({ ...payment, amount: '500.00', amountMinor: 50000 }, quiet).reasons).toEqual(['round amount 500.00 USD', "more than 5 times this customer's average payment"]);
    expect(rule.evaluate({ ...payment, amount: '250.01', amountMinor: 25001 }, quiet).score).toBe(25);
    expect(rule.evaluate({ ...payment, amount: '250.00', amountMinor: 25000 }, quiet).score).toBe(0);
    const first = { ...quiet, spend: { count: 0, totalMinor: 0, maxMinor: 0 } };
    expect(rule.evaluate({ ...payment, amount: '1299.99', amountMinor: 129999 }, first).score).toBe(20);
    expect(rule.evaluate({ ...payment, amount: '999.99', amountMinor: 99999 }, first).score).toBe(0);
  });

  it('device flags many cards or emails on one device in a day', () => {
    expect(deviceRule().evaluate(payment, { ...quiet, device: { cardsDay: 4, emailsDay: 1 } }).score).toBe(30);
    expect(deviceRule().evaluate(payment, { ...quiet, device: { cardsDay: 3, emailsDay: 4 } }).score).toBe(25);
    expect(deviceRule().evaluate(payment, { ...quiet, device: null }).score).toBe(0);
  });

  it('lists block outright, allow outright, and block beats allow', () => {
    const rule = listRule({ allow: { emails: ['A@example.com'] }, block: { ips: ['6.6.6.6'] } });
    const hot: FraudSignals = { ...quiet, ipCountry: 'RU', cardCountry: 'BR', device: { cardsDay: 9, emailsDay: 9 } };
    const rules = [rule, geographyRule(), deviceRule()];
    expect(decide(rules, payment, hot, { medium: 30, high: 60, blocked: 80 })).toMatchObject({ score: 0, level: 'low' });
    expect(decide(rules, { ...payment, ip: '6.6.6.6' }, quiet, { medium: 30, high: 60, blocked: 80 })).toMatchObject({ score: 100, level: 'blocked' });
  });

  it('levels follow the thresholds (seed 30 / 60 / 80)', () => {
    const t = { medium: 30, high: 60, blocked: 80 };
    expect([0, 29, 30, 59, 60, 79, 80, 100].map((s) => riskLevel(s, t))).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'blocked', 'blocked']);
  });
});

describe('fraud screening in processPayment', () => {
  it('blocked never reaches the gateway, and the decision is stored with its reasons', async () => {
    const { service, gateway, seen } = setup({ fraud: { lists: { block: { emails: ['bad@example.com'] } } } });
    const result = await service.processPayment(request({ customer: { email: 'bad@example.com' } }));
    expect(result).toMatchObject({ status: 'blocked', success: false, errorCode: 'PAYMENT_BLOCKED', fraudRiskLevel: 'blocked', fraudScore: 100 });
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toEqual([]);
    const record = await service.getPaymentRecord(result.paymentId);
    expect(record.fraud.reasons).toEqual([{ rule: 'lists', score: 100, reason: 'email is on the block list' }]);
    expect(seen.map((e) => e.name)).toEqual(['payment.blocked']);
  });

  it('high risk is authorized only and held for review; approve captures when capture was asked', async () => {
    const geoIp = new MemoryGeoIp({ '81.2.69.0/24': 'GB' });
    const { service, gateway, seen } = setup({ geoIp, fraud: { thresholds: { high: 20 }, geography: { ipVsBillingScore: 25 } } });
    const held = await service.processPayment(request({ capture: true }));
    expect(held).toMatchObject({ status: 'review', success: false, errorCode: 'PAYMENT_IN_REVIEW', fraudRiskLevel: 'high', capturedAmount: { amount: '0.00' }, authorizedAmount: { amount: '49.99' } });
    expect(held.fraudReasons).toContain('IP country GB differs from billing country US');
    const capture = await service.capturePayment(held.paymentId).catch((e: unknown) => e);
    expect(capture).toMatchObject({ code: 'PAYMENT_INVALID_TRANSITION' });
    expect(await service.approvePayment(held.paymentId)).toMatchObject({ status: 'captured' });
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(seen.map((e) => e.name)).toEqual(['payment.review_required', 'payment.authorized', 'payment.captured']);
  });

  it('reject voids a held payment at the gateway', async () => {
    const { service, gateway } = setup({ fraud: { thresholds: { high: 1 }, amount: { roundUnit: '0.01' } } });
    const held = await service.processPayment(request());
    expect(held.status).toBe('review');
    expect(await service.rejectPayment(held.paymentId, { reason: 'looks like card testing' })).toMatchObject({ status: 'voided' });
    expect(gateway.calls.map((c) => c.op)).toEqual(['authorize', 'void']);
    await expect(service.approvePayment(held.paymentId)).rejects.toMatchObject({ code: 'PAYMENT_INVALID_TRANSITION' });
  });

  it('counts declines per card across customers: repeated declines get blocked', async () => {
    const { service, gateway } = setup();
    const levels: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await service.processPayment(request({ paymentToken: TEST_TOKENS.decline, customer: { email: `x${i}@example.com`, ip: `10.0.0.${i}` } }));
      levels.push(`${r.status}:${r.fraudScore}`);
    }
    // The card (one fingerprint) declined 3 times within the hour -> +30; attempts 5 -> +20.
    expect(levels).toEqual(['failed:0', 'failed:0', 'failed:0', 'failed:30', 'failed:30', 'failed:50']);
    expect(gateway.calls).toHaveLength(6);
  });

  it('velocity windows slide with the clock', async () => {
    const { service, clock } = setup();
    const customer = { email: 'same@example.com' };
    for (let i = 0; i < 5; i++) await service.processPayment(request({ customer, paymentToken: TEST_TOKENS.decline }));
    expect((await service.processPayment(request({ customer }))).fraudScore).toBeGreaterThanOrEqual(50);
    clock.advance({ days: 1, ms: 1 });
    expect((await service.processPayment(request({ customer }))).fraudScore).toBe(0);
  });

  it('one device with many cards in a day raises the score', async () => {
    const { service, gateway } = setup();
    const scores: number[] = [];
    for (const number of [TEST_CARDS.visa, TEST_CARDS.mastercard, TEST_CARDS.amex, TEST_CARDS.discover]) {
      const token = gateway.tokenizeCard({ number, expMonth: 12, expYear: 2030, cvc: number === TEST_CARDS.amex ? '1234' : '123' });
      scores.push((await service.processPayment(request({ paymentToken: token, customer: { email: 'one@example.com', deviceId: 'shared-device' } }))).fraudScore);
    }
    expect(scores).toEqual([0, 0, 0, 30]);
  });

  it('card country comes from the BIN lookup when the gateway does not say', async () => {
    const binLookup = new MemoryBinLookup({ '424242': { country: 'BR' } });
    const { service } = setup({ binLookup });
    // The TestGateway reports US for its cards by default, so the BIN table is not consulted.
    expect((await service.processPayment(request())).fraudScore).toBe(0);
    const { service: other } = setup({ binLookup, gatewayOptions: { cardCountry: null } });
    const s = await other.processPayment(request());
    expect(s.fraudReasons).toEqual(['card country BR differs from billing country US']);
  });

  it('a customer paying far above their usual amount scores', async () => {
    const { service } = setup();
    const customer = { id: 'cust-1', email: 'loyal@example.com' };
    for (let i = 0; i < 3; i++) await service.processPayment(request({ customer, amount: { amount: '20.00', currency: 'USD' } }));
    expect((await service.processPayment(request({ customer, amount: { amount: '100.01', currency: 'USD' } }))).fraudReasons).toEqual(["more than 5 times this customer's average payment"]);
  });

  it('screening can be turned off', async () => {
    const { service } = setup({ fraud: { enabled: false, lists: { block: { emails: ['bad@example.com'] } } } });
    expect(await service.processPayment(request({ customer: { email: 'bad@example.com' } }))).toMatchObject({ status: 'authorized', fraudScore: 0 });
  });
});

describe('fraud screening gathers only what its rules read', () => {
  /** Ports that count their calls. */
  function ports() {
    const calls = { velocity: 0, geoIp: 0, bin: 0, spend: 0 };
    const velocity = new MemoryVelocityStore();
    const store = new MemoryPaymentStore();
    return {
      calls,
      ports: {
        velocity: { record: velocity.record.bind(velocity), count: (q: Parameters<MemoryVelocityStore['count']>[0]) => (calls.velocity++, velocity.count(q)) },
        geoIp: { country: (ip: string) => (calls.geoIp++, new MemoryGeoIp({ '1.2.3.4': 'US' }).country(ip)) },
        binLookup: { lookup: (bin: string) => (calls.bin++, new MemoryBinLookup().lookup(bin)) },
        store: Object.assign(Object.create(store) as MemoryPaymentStore, { customerSpend: (input: { customerKey: string; currency: string }) => (calls.spend++, store.customerSpend(input)) }),
        clock: new ManualClock(),
      },
    };
  }
  const unscreened = payment; // no cardCountry: the BIN lookup is the geography rule's to ask

  it('skips the velocity, geography and spend lookups of rules that are off', async () => {
    const { calls, ports: p } = ports();
    const decision = await new FraudScreening(p, { velocity: false, geography: false, amount: false }).screen(unscreened, '411111');
    expect(decision.screened).toBe(true);
    expect(calls).toEqual({ velocity: 1, geoIp: 0, bin: 0, spend: 0 }); // the device rule's counts remain
  });

  it('gathers every signal when the rules are on, or when host rules may read any of them', async () => {
    for (const settings of [{}, { velocity: false as const, geography: false as const, amount: false as const, rules: [{ name: 'host', evaluate: () => ({ score: 0, reasons: [] }) }] }]) {
      const { calls, ports: p } = ports();
      await new FraudScreening(p, settings).screen(unscreened, '411111');
      expect(calls).toEqual({ velocity: 1, geoIp: 1, bin: 1, spend: 1 });
    }
  });
});
