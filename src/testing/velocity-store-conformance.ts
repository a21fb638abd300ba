import assert from 'node:assert/strict';
import type { VelocityStore } from '../ports/velocity-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

/** The behaviour every VelocityStore adapter must show. */
export const velocityStoreConformance = defineConformanceSuite<VelocityStore>('VelocityStore', (test) => {
  test('counts distinct members since a time', async ({ store }) => {
    await store.record({ entries: [{ key: 'a', member: 'p1' }, { key: 'a', member: 'p2' }, { key: 'b', member: 'p1' }], at: 1000, retainMs: 10_000 });
    await store.record({ entries: [{ key: 'a', member: 'p1' }], at: 2000, retainMs: 10_000 });
    assert.deepEqual(await store.count([{ key: 'a', since: 0 }, { key: 'a', since: 1500 }, { key: 'b', since: 0 }, { key: 'c', since: 0 }]), [2, 1, 1, 0]);
  });

  test('a window starts at its lower bound inclusive', async ({ store }) => {
    await store.record({ entries: [{ key: 'a', member: 'p1' }], at: 1000, retainMs: 10_000 });
    assert.deepEqual(await store.count([{ key: 'a', since: 1000 }, { key: 'a', since: 1001 }]), [1, 0]);
  });

  test('entries retained for retainMs stay countable', async ({ store }) => {
    await store.record({ entries: [{ key: 'a', member: 'old' }], at: 0, retainMs: 5000 });
    await store.record({ entries: [{ key: 'a', member: 'new' }], at: 4000, retainMs: 5000 });
    assert.deepEqual(await store.count([{ key: 'a', since: 0 }]), [2]);
  });

  test('concurrent records are all counted', async ({ store }) => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.record({ entries: [{ key: 'k', member: `m${i}` }], at: 100, retainMs: 1000 })));
    assert.deepEqual(await store.count([{ key: 'k', since: 0 }]), [25]);
  });

  test('a record sent again, also after later records, leaves the counts as they were', async ({ store }) => {
    const first = { entries: [{ key: 'a', member: 'p1' }, { key: 'a', member: 'p2' }], at: 1000, retainMs: 10_000 };
    await store.record(first);
    await store.record({ entries: [{ key: 'a', member: 'p1' }], at: 2000, retainMs: 10_000 });
    const counts = await store.count([{ key: 'a', since: 0 }, { key: 'a', since: 1500 }]);
    await store.record(first);
    assert.deepEqual(counts, [2, 1]);
    assert.deepEqual(await store.count([{ key: 'a', since: 0 }, { key: 'a', since: 1500 }]), counts);
  });

  test('keys and members that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await assertRefusesIllFormed(() => store.record({ entries: [{ key: 'a', member: 'p1' }, { key: LONE_SURROGATE, member: 'p1' }], at: 1000, retainMs: 10_000 }));
    await assertRefusesIllFormed(() => store.record({ entries: [{ key: 'a', member: LONE_SURROGATE }], at: 1000, retainMs: 10_000 }));
    await assertRefusesIllFormed(() => store.count([{ key: LONE_SURROGATE, since: 0 }]));
    assert.deepEqual(await store.count([{ key: 'a', since: 0 }]), [0]);
  });
});
