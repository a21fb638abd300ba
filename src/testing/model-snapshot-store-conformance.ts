import assert from 'node:assert/strict';
import type { ModelSnapshotStore } from '../ports/model-snapshot-store.js';
import { CommerceError } from '../shared/errors.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

const model = (n: number) => ({ format: 'test-model', n, rows: [1, 2.5, -3], nested: { label: `m${n}`, none: null } });

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof CommerceError && error.code === code);
}

/** The shared tests of every `ModelSnapshotStore` adapter. */
export const modelSnapshotStoreConformance = defineConformanceSuite<ModelSnapshotStore>('ModelSnapshotStore', (test) => {
  test('an unknown name has no latest, no versions and no list', async ({ store }) => {
    assert.equal(await store.loadLatest('default'), null);
    assert.equal(await store.load('default', 1), null);
    assert.deepEqual(await store.list('default'), []);
  });

  test('save numbers versions per name and loadLatest answers the last saved', async ({ store, clock }) => {
    clock.set(10_000);
    const first = await store.save({ name: 'default', trainedAt: 9_000, snapshot: model(1) });
    assert.deepEqual(first, { name: 'default', version: 1, trainedAt: 9_000, savedAt: 10_000, bytes: Buffer.byteLength(JSON.stringify(model(1))) });
    clock.advance(500);
    // An older training saved later is still the latest: "latest" means last saved.
    const second = await store.save({ name: 'default', trainedAt: 8_000, snapshot: model(2) });
    assert.equal(second.version, 2);
    assert.equal(second.savedAt, 10_500);
    const latest = await store.loadLatest('default');
    assert.deepEqual(latest, { ...second, snapshot: model(2) });
    assert.deepEqual(await store.load('default', 1), store.keep > 1 ? { ...first, snapshot: model(1) } : null);
    assert.deepEqual(await store.list('default'), [second, first].slice(0, store.keep));
  });

  test('names are independent', async ({ store }) => {
    await store.save({ name: 'eu', trainedAt: 1, snapshot: model(1) });
    await store.save({ name: 'eu', trainedAt: 2, snapshot: model(2) });
    const us = await store.save({ name: 'us', trainedAt: 3, snapshot: model(3) });
    assert.equal(us.version, 1);
    assert.deepEqual((await store.loadLatest('us'))?.snapshot, model(3));
    assert.deepEqual((await store.loadLatest('eu'))?.snapshot, model(2));
    assert.deepEqual(
      (await store.list('eu')).map((i) => i.version),
      [2, 1].slice(0, store.keep),
    );
  });

  test('keeps the newest `keep` versions and never reuses a version number', async ({ store }) => {
    const total = store.keep + 2;
    for (let n = 1; n <= total; n++) await store.save({ name: 'default', trainedAt: n, snapshot: model(n) });
    const kept = await store.list('default');
    assert.deepEqual(
      kept.map((i) => i.version),
      Array.from({ length: store.keep }, (_, i) => total - i),
    );
    assert.equal(await store.load('default', 1), null);
    assert.equal(await store.load('default', 2), null);
    assert.deepEqual((await store.load('default', total - store.keep + 1))?.snapshot, model(total - store.keep + 1));
    const next = await store.save({ name: 'default', trainedAt: 99, snapshot: model(99) });
    assert.equal(next.version, total + 1);
    assert.equal((await store.list('default')).length, store.keep);
  });

  test('concurrent saves under one name get distinct versions', async ({ store }) => {
    const infos = await Promise.all(Array.from({ length: 8 }, (_, n) => store.save({ name: 'default', trainedAt: n, snapshot: model(n) })));
    assert.deepEqual(infos.map((i) => i.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
    const latest = await store.loadLatest('default');
    assert.equal(latest?.version, 8);
    assert.deepEqual(latest.snapshot, model(infos.find((i) => i.version === 8)!.trainedAt));
  });

  test('a multi-megabyte snapshot with unicode round-trips exactly', async ({ store }) => {
    const weights = 'ÿ€😀'.repeat(200_000) + 'x'.repeat(2_000_000);
    const big = { format: 'big', weights, numbers: Array.from({ length: 10_000 }, (_, i) => i / 7) };
    const info = await store.save({ name: 'big', trainedAt: 1, snapshot: big });
    assert.equal(info.bytes, Buffer.byteLength(JSON.stringify(big)));
    assert.ok(info.bytes > 3_000_000);
    assert.deepEqual((await store.loadLatest('big'))?.snapshot, big);
  });

  test('copies values in and out', async ({ store }) => {
    const input = model(1);
    await store.save({ name: 'default', trainedAt: 1, snapshot: input });
    input.rows.push(99);
    const read = await store.loadLatest('default');
    (read?.snapshot as { rows: number[] }).rows.push(42);
    assert.deepEqual((await store.loadLatest('default'))?.snapshot, model(1));
  });

  test('refuses bad input with VALIDATION_FAILED and writes nothing', async ({ store }) => {
    await rejectsWith(store.save({ name: '', trainedAt: 1, snapshot: model(1) }), 'VALIDATION_FAILED');
    await rejectsWith(store.save({ name: 'default', trainedAt: Number.NaN, snapshot: model(1) }), 'VALIDATION_FAILED');
    await rejectsWith(store.save({ name: 'default', trainedAt: 1, snapshot: undefined }), 'VALIDATION_FAILED');
    await rejectsWith(store.save({ name: 'default', trainedAt: 1, snapshot: { n: 1n } }), 'VALIDATION_FAILED');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    await rejectsWith(store.save({ name: 'default', trainedAt: 1, snapshot: cyclic }), 'VALIDATION_FAILED');
    assert.deepEqual(await store.list('default'), []);
    assert.equal((await store.save({ name: 'default', trainedAt: 1, snapshot: model(1) })).version, 1);
  });

  test('a save sent again with its opId answers its first info and makes no second version', async ({ store, clock }) => {
    const first = await store.save({ name: 'default', trainedAt: 1, snapshot: model(1), opId: 'op-1' });
    clock.advance(100);
    const second = await store.save({ name: 'default', trainedAt: 2, snapshot: model(2), opId: 'op-2' });
    clock.advance(100);
    assert.deepEqual(await store.save({ name: 'default', trainedAt: 1, snapshot: model(1), opId: 'op-1' }), first);
    assert.deepEqual(await store.list('default'), [second, first].slice(0, store.keep));
    assert.deepEqual(await store.loadLatest('default'), { ...second, snapshot: model(2) });
    assert.equal((await store.save({ name: 'default', trainedAt: 3, snapshot: model(3) })).version, 3);
  });

  test('a refused save is not remembered: sent again, it is decided again', async ({ store }) => {
    await rejectsWith(store.save({ name: 'default', trainedAt: Number.NaN, snapshot: model(1), opId: 'op-1' }), 'VALIDATION_FAILED');
    assert.equal((await store.save({ name: 'default', trainedAt: 1, snapshot: model(1), opId: 'op-1' })).version, 1);
  });

  test('names and snapshots that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await assertRefusesIllFormed(() => store.save({ name: LONE_SURROGATE, trainedAt: 1, snapshot: model(1) }));
    await assertRefusesIllFormed(() => store.save({ name: 'default', trainedAt: 1, snapshot: { ...model(1), label: LONE_SURROGATE } }));
    await assertRefusesIllFormed(() => store.save({ name: 'default', trainedAt: 1, snapshot: { rows: [{ [LONE_SURROGATE]: 1 }] } }));
    await assertRefusesIllFormed(() => store.save({ name: 'default', trainedAt: 1, snapshot: model(1), opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.loadLatest(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.load(LONE_SURROGATE, 1));
    await assertRefusesIllFormed(() => store.list(LONE_SURROGATE));
    assert.deepEqual(await store.list('default'), []);
  });
});
