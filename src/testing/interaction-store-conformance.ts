import assert from 'node:assert/strict';
import type { InteractionStore, StoredInteraction } from '../ports/interaction-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

function event(userId: string, productId: string, at: number, extra: Partial<StoredInteraction> = {}): StoredInteraction {
  return { userId, productId, type: 'purchase', weight: 5, at, ...extra };
}

const ids = (list: StoredInteraction[]): string[] => list.map((i) => `${i.userId}:${i.productId}@${i.at}`);

/** The shared tests of every `InteractionStore` adapter. */
export const interactionStoreConformance = defineConformanceSuite<InteractionStore>('InteractionStore', (test) => {
  test('an empty store answers empty lists and a zero count', async ({ store }) => {
    assert.deepEqual(await store.listByUser('nobody'), []);
    assert.deepEqual(await store.listByTimeRange({}), []);
    assert.equal(await store.count(), 0);
  });

  test('keeps every field, and leaves absent optional fields absent', async ({ store }) => {
    const full = event('u1', 'p1', 1000, { type: 'cart', weight: 3, sessionId: 's1', orderId: 'o1' });
    await store.append(full);
    await store.append(event('u1', 'p2', 2000));
    const [first, second] = await store.listByUser('u1');
    assert.deepEqual(first, full);
    assert.deepEqual(second, event('u1', 'p2', 2000));
    assert.equal(second !== undefined && 'sessionId' in second, false);
    assert.equal(second !== undefined && 'orderId' in second, false);
  });

  test('reads by user, oldest first, ties in append order, whatever the append order', async ({ store }) => {
    await store.append(event('u1', 'late', 3000));
    await store.append(event('u2', 'other', 1500));
    await store.append(event('u1', 'early', 1000));
    await store.append(event('u1', 'tieA', 2000));
    await store.append(event('u1', 'tieB', 2000));
    assert.deepEqual(ids(await store.listByUser('u1')), ['u1:early@1000', 'u1:tieA@2000', 'u1:tieB@2000', 'u1:late@3000']);
    assert.deepEqual(ids(await store.listByUser('u2')), ['u2:other@1500']);
  });

  test('reads a time range with from inclusive and to exclusive', async ({ store }) => {
    await store.appendMany([event('a', 'p', 1000), event('b', 'p', 2000), event('c', 'p', 3000), event('d', 'p', 4000)]);
    assert.deepEqual(ids(await store.listByTimeRange({ from: 2000, to: 4000 })), ['b:p@2000', 'c:p@3000']);
    assert.deepEqual(ids(await store.listByTimeRange({ from: 2001 })), ['c:p@3000', 'd:p@4000']);
    assert.deepEqual(ids(await store.listByTimeRange({ to: 2000 })), ['a:p@1000']);
    assert.deepEqual(ids(await store.listByTimeRange({ from: 5000 })), []);
    assert.deepEqual(ids(await store.listByTimeRange({ from: 3000, to: 3000 })), []);
    assert.equal((await store.listByTimeRange({})).length, 4);
    assert.deepEqual(ids(await store.listByTimeRange({ from: 1999.5, to: 3000.5 })), ['b:p@2000', 'c:p@3000']);
  });

  test('appendMany stores the whole batch in time order and counts it', async ({ store }) => {
    await store.append(event('u', 'first', 500));
    await store.appendMany([event('u', 'x', 3000), event('v', 'y', 1000), event('u', 'z', 2000)]);
    assert.equal(await store.count(), 4);
    assert.deepEqual(ids(await store.listByTimeRange({})), ['u:first@500', 'v:y@1000', 'u:z@2000', 'u:x@3000']);
    await store.appendMany([]);
    assert.equal(await store.count(), 4);
  });

  test('a large unordered batch lands in time order, ties in append order', async ({ store }) => {
    await store.append(event('u0', 'before', 50));
    const batch = Array.from({ length: 200 }, (_, n) => event(`u${n % 3}`, `p${n}`, ((n * 37) % 100) + 1));
    await store.appendMany(batch);
    const all = await store.listByTimeRange({});
    assert.equal(all.length, 201);
    const expected = [event('u0', 'before', 50), ...batch].map((e, n) => ({ e, n })).sort((a, b) => a.e.at - b.e.at || a.n - b.n);
    assert.deepEqual(ids(all), ids(expected.map((x) => x.e)));
    const u1 = await store.listByUser('u1');
    assert.deepEqual(ids(u1), ids(expected.map((x) => x.e).filter((e) => e.userId === 'u1')));
  });

  test('copies values in and out: callers cannot change what is stored', async ({ store }) => {
    const input = event('u1', 'p1', 1000);
    await store.append(input);
    input.productId = 'changed';
    const batch = [event('u1', 'p2', 2000)];
    await store.appendMany(batch);
    batch[0]!.weight = 99;
    const read = await store.listByUser('u1');
    read[0]!.productId = 'mutated';
    const ranged = await store.listByTimeRange({});
    ranged[1]!.weight = -1;
    assert.deepEqual(ids(await store.listByUser('u1')), ['u1:p1@1000', 'u1:p2@2000']);
    assert.deepEqual((await store.listByTimeRange({})).map((i) => i.weight), [5, 5]);
  });

  test('an append sent again with its opId appends nothing more, also after other appends', async ({ store }) => {
    await store.append(event('u1', 'p1', 1000), { opId: 'op-one' });
    await store.append(event('u1', 'p1', 1000), { opId: 'op-one' });
    await store.appendMany([event('u1', 'p2', 2000), event('u2', 'p3', 3000)], { opId: 'op-many' });
    await store.append(event('u1', 'p4', 4000), { opId: 'op-other' });
    await store.appendMany([event('u1', 'p2', 2000), event('u2', 'p3', 3000)], { opId: 'op-many' });
    await store.append(event('u1', 'p1', 1000), { opId: 'op-one' });
    assert.equal(await store.count(), 4);
    assert.deepEqual(ids(await store.listByUser('u1')), ['u1:p1@1000', 'u1:p2@2000', 'u1:p4@4000']);
    assert.deepEqual(ids(await store.listByTimeRange({})), ['u1:p1@1000', 'u1:p2@2000', 'u2:p3@3000', 'u1:p4@4000']);
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await assertRefusesIllFormed(() => store.append(event(LONE_SURROGATE, 'p1', 1000)));
    await assertRefusesIllFormed(() => store.append(event('u1', 'p1', 1000, { sessionId: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.append(event('u1', 'p1', 1000), { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.appendMany([event('u1', 'p1', 1000), event('u1', LONE_SURROGATE, 2000)]));
    await assertRefusesIllFormed(() => store.appendMany([event('u1', 'p1', 1000)], { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.listByUser(LONE_SURROGATE));
    assert.equal(await store.count(), 0);
    assert.deepEqual(await store.listByUser('u1'), []);
  });
});
