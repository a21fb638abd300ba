import assert from 'node:assert/strict';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

/** The behaviour every IdempotencyStore adapter must show. */
export const idempotencyStoreConformance = defineConformanceSuite<IdempotencyStore>('IdempotencyStore', (test) => {
  const claim = { key: 'k1', fingerprint: 'f1', owner: 'o1', lockMs: 1000 };

  test('the first claim wins, later ones see it in progress', async ({ store }) => {
    assert.deepEqual(await store.claim(claim), { state: 'claimed' });
    const second = await store.claim({ ...claim, owner: 'o2' });
    assert.equal(second.state, 'in_progress');
    assert.equal(second.state === 'in_progress' && second.owner, 'o1');
    assert.equal(second.state === 'in_progress' && second.fingerprint, 'f1');
  });

  test('exactly one of many concurrent claims wins', async ({ store }) => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim({ ...claim, owner: `o${i}` })));
    assert.equal(results.filter((r) => r.state === 'claimed').length, 1);
  });

  test('a completed result is returned to later claims with its fingerprint', async ({ store }) => {
    await store.claim(claim);
    assert.equal(await store.complete({ key: 'k1', owner: 'o1', result: { orderId: 'A', n: [1, 2] }, ttlMs: 5000 }), true);
    const again = await store.claim({ ...claim, owner: 'o2', fingerprint: 'other' });
    assert.equal(again.state, 'completed');
    assert.equal(again.fingerprint, 'f1');
    assert.deepEqual(again.state === 'completed' && again.result, { orderId: 'A', n: [1, 2] });
  });

  test('only the owner completes or releases a claim', async ({ store }) => {
    await store.claim(claim);
    assert.equal(await store.complete({ key: 'k1', owner: 'intruder', result: 1, ttlMs: 5000 }), false);
    await store.release({ key: 'k1', owner: 'intruder' });
    assert.equal((await store.get('k1'))?.state, 'in_progress');
    await store.release({ key: 'k1', owner: 'o1' });
    assert.equal(await store.get('k1'), null);
    assert.deepEqual(await store.claim({ ...claim, owner: 'o2' }), { state: 'claimed' });
  });

  test('a lapsed claim can be taken over, and the old owner can no longer complete', async ({ store, clock }) => {
    await store.claim(claim);
    clock.advance(1001);
    assert.deepEqual(await store.claim({ ...claim, owner: 'o2' }), { state: 'claimed' });
    assert.equal(await store.complete({ key: 'k1', owner: 'o1', result: 'late', ttlMs: 5000 }), false);
    assert.equal(await store.complete({ key: 'k1', owner: 'o2', result: 'ok', ttlMs: 5000 }), true);
  });

  test('completed results expire after their ttl', async ({ store, clock }) => {
    await store.claim(claim);
    await store.complete({ key: 'k1', owner: 'o1', result: 'ok', ttlMs: 5000 });
    clock.advance(4999);
    assert.equal((await store.get('k1'))?.state, 'completed');
    clock.advance(2);
    assert.equal(await store.get('k1'), null);
  });

  test('stored results are copies', async ({ store }) => {
    const result = { lines: ['a'] };
    await store.claim(claim);
    await store.complete({ key: 'k1', owner: 'o1', result, ttlMs: 5000 });
    result.lines.push('mutated');
    const got = await store.get('k1');
    assert.deepEqual(got?.state === 'completed' && got.result, { lines: ['a'] });
  });

  test('a claim, complete or release sent again with its opId answers its first answer and writes once', async ({ store, clock }) => {
    // A claim sent again answers claimed, not the in-progress record it made itself.
    assert.deepEqual(await store.claim({ ...claim, opId: 'op-claim' }), { state: 'claimed' });
    assert.deepEqual(await store.claim({ ...claim, opId: 'op-claim' }), { state: 'claimed' });
    const complete = { key: 'k1', owner: 'o1', result: { n: 1 }, ttlMs: 5000, opId: 'op-complete' };
    assert.equal(await store.complete(complete), true);
    clock.advance(10);
    assert.equal(await store.complete(complete), true);
    // Another input under a used opId is never applied (what it answers is not specified).
    await store.complete({ ...complete, result: { n: 2 } });
    assert.deepEqual(await store.claim({ ...claim, opId: 'op-claim' }), { state: 'claimed' });
    assert.deepEqual(await store.get('k1'), { state: 'completed', fingerprint: 'f1', result: { n: 1 }, expiresAt: clock.now() - 10 + 5000 });

    // A release sent again after the same owner claimed anew drops nothing.
    await store.claim({ ...claim, key: 'k2' });
    await store.release({ key: 'k2', owner: 'o1', opId: 'op-release' });
    await store.claim({ ...claim, key: 'k2' });
    await store.release({ key: 'k2', owner: 'o1', opId: 'op-release' });
    assert.equal((await store.get('k2'))?.state, 'in_progress');
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store }) => {
    const complete = { key: 'k1', owner: 'o1', result: 'ok', ttlMs: 5000, opId: 'op-early' };
    assert.equal(await store.complete(complete), false);
    await store.claim(claim);
    assert.equal(await store.complete(complete), true);
    await store.claim({ ...claim, key: 'k2', owner: 'o2' });
    assert.equal((await store.claim({ ...claim, key: 'k2', opId: 'op-claim' })).state, 'in_progress');
    await store.release({ key: 'k2', owner: 'o2' });
    assert.deepEqual(await store.claim({ ...claim, key: 'k2', opId: 'op-claim' }), { state: 'claimed' });
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await store.claim(claim);
    const complete = { key: 'k1', owner: 'o1', result: 'ok', ttlMs: 5000 };
    await assertRefusesIllFormed(() => store.claim({ ...claim, key: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.claim({ ...claim, key: 'k2', fingerprint: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.claim({ ...claim, key: 'k2', owner: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.claim({ ...claim, key: 'k2', opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.complete({ ...complete, result: { lines: ['a', LONE_SURROGATE] } }));
    await assertRefusesIllFormed(() => store.complete({ ...complete, result: { [LONE_SURROGATE]: 1 } }));
    await assertRefusesIllFormed(() => store.complete({ ...complete, opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.release({ key: 'k1', owner: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.release({ key: 'k1', owner: 'o1', opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    assert.equal(await store.get('k2'), null);
    assert.equal((await store.get('k1'))?.state, 'in_progress');
  });
});
