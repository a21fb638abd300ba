import { describe, expect, it } from 'vitest';
import { CommerceError, IdempotentRunner, MemoryIdempotencyStore, Money, requestFingerprint } from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';

function setup() {
  const clock = new ManualClock();
  const store = new MemoryIdempotencyStore({ clock });
  const ids = new SequentialIds();
  return { clock, store, ids, runner: new IdempotentRunner({ store, ids, pollMs: 1, waitMs: 200 }) };
}

describe('requestFingerprint', () => {
  it('ignores key order and undefined fields, sees every value', () => {
    expect(requestFingerprint({ a: 1, b: { c: 2, d: undefined } })).toBe(requestFingerprint({ b: { c: 2 }, a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
    expect(requestFingerprint({ amount: Money.of('10.00', 'USD') })).toBe(requestFingerprint({ amount: { currency: 'USD', amount: '10.00' } }));
    expect(requestFingerprint({ amount: Money.of('10', 'USD') })).not.toBe(requestFingerprint({ amount: Money.of('10', 'EUR') }));
  });
});

describe('IdempotentRunner', () => {
  it('runs once and replays the stored result for the same request', async () => {
    const { runner } = setup();
    let calls = 0;
    const op = () => Promise.resolve({ charge: ++calls });
    const first = await runner.run('k', { amount: '10' }, op);
    const second = await runner.run('k', { amount: '10' }, op);
    expect(first).toEqual({ result: { charge: 1 }, replayed: false });
    expect(second).toEqual({ result: { charge: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('refuses the same key with another request', async () => {
    const { runner } = setup();
    await runner.run('k', { amount: '10' }, () => Promise.resolve(1));
    await expect(runner.run('k', { amount: '11' }, () => Promise.resolve(2))).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('makes one call for many concurrent callers in one process', async () => {
    const { runner } = setup();
    let calls = 0;
    const op = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return 'done';
    };
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => runner.run('k', { x: 1 }, op)));
    expect(calls).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.result))).toEqual(new Set(['done']));
  });

  it('makes one call across runners sharing a store (other processes)', async () => {
    const { store, ids } = setup();
    const runners = Array.from({ length: 4 }, () => new IdempotentRunner({ store, ids, pollMs: 1, waitMs: 500 }));
    let calls = 0;
    const op = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { order: 'A' };
    };
    const outcomes = await Promise.all(runners.map((r) => r.run('k', {}, op)));
    expect(calls).toBe(1);
    expect(outcomes.map((o) => o.result)).toEqual(Array(4).fill({ order: 'A' }));
  });

  it('releases the claim when the operation fails, so it can be tried again', async () => {
    const { runner } = setup();
    await expect(runner.run('k', {}, () => Promise.reject(new CommerceError('PAYMENT_DECLINED')))).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
    expect((await runner.run('k', {}, () => Promise.resolve('ok'))).result).toBe('ok');
  });

  it('gives up waiting with IDEMPOTENCY_IN_PROGRESS while another process holds the key', async () => {
    const { store, runner } = setup();
    await store.claim({ key: 'k', fingerprint: requestFingerprint({}), owner: 'elsewhere', lockMs: 60_000 });
    await expect(runner.run('k', {}, () => Promise.resolve(1))).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('encodes and decodes stored results', async () => {
    const { runner } = setup();
    const opts = { encode: (m: Money) => m.toJSON(), decode: (s: unknown) => Money.fromJSON(s as { amount: string; currency: string }) };
    await runner.run('k', {}, () => Promise.resolve(Money.of('9.99', 'EUR')), opts);
    const replay = await runner.run('k', {}, () => Promise.resolve(Money.of('0', 'EUR')), opts);
    expect(replay.replayed).toBe(true);
    expect(replay.result.equals(Money.of('9.99', 'EUR'))).toBe(true);
  });

  it('turns a store failure into STORE_UNAVAILABLE', async () => {
    const { store, ids } = setup();
    store.claim = () => Promise.reject(new Error('connection reset'));
    const runner = new IdempotentRunner({ store, ids });
    await expect(runner.run('k', {}, () => Promise.resolve(1))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
