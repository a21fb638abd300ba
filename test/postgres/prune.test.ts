// Pruning: applied steps older than the replay window go and newer ones stay (a replay inside
// the window still answers its first answer), expired idempotency claims and checkouts go a
// window after their expiry, each statement is bounded, and the steps prune by themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pruneExpired } from '../../src/adapters/postgres/index.js';
import { PostgresCheckoutStore } from '../../src/adapters/postgres/checkout-store.js';
import { PgEventRecording } from '../../src/adapters/postgres/event-recording.js';
import { pruneBatch } from '../../src/adapters/postgres/prune.js';
import { PgSteps } from '../../src/adapters/postgres/steps.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { sampleCheckout } from '../../src/testing/checkout-store-conformance.js';
import { pgSkipReason, pgTestSpace } from './harness.js';

const skip = await pgSkipReason('pruning');
const space = pgTestSpace('prune');
const WINDOW = 60_000;
const note = skip ? ` SKIPPED: ${skip}` : '';

/** Moves an applied step's server-side stamp `ageMs` into the past. */
async function age(schema: string, opId: string, ageMs: number): Promise<void> {
  await space.pool().query(`UPDATE "${schema}".applied_ops SET applied_at = now() - $2 * interval '1 millisecond' WHERE op_id = $1`, [opId, ageMs]);
}

async function opIds(schema: string): Promise<string[]> {
  const { rows } = await space.pool().query<{ op_id: string }>(`SELECT op_id FROM "${schema}".applied_ops ORDER BY op_id`);
  return rows.map((r) => r.op_id);
}

describe('PostgreSQL pruning', () => {
  it.skipIf(skip)(`applied steps past the window go, those inside stay and still answer${note}`, async () => {
    const clock = new ManualClock();
    const { schema, adapters } = await space.schema({ clock });
    const c = sampleCheckout('c1', clock.now());
    expect(await adapters.checkouts.create(c, { opId: 'old' })).toBe(true);
    await adapters.checkouts.delete('c1', { opId: 'recent-delete' });
    expect(await adapters.checkouts.create(c, { opId: 'recent' })).toBe(true);
    await age(schema, 'old', WINDOW + 5_000);
    await age(schema, 'recent-delete', WINDOW - 20_000);
    await age(schema, 'recent', WINDOW - 20_000);

    const pruned = await pruneExpired(space.pool(), { schema, replayWindowMs: WINDOW, clock });
    expect(pruned.appliedOps).toBe(1);
    expect(await opIds(schema)).toEqual(['recent', 'recent-delete']);
    // Inside the window: the first answer, though a fresh create of c1 is refused now.
    expect(await adapters.checkouts.create(c, { opId: 'recent' })).toBe(true);
    expect(await adapters.checkouts.create(c, { opId: 'fresh' })).toBe(false);
    // Past it: decided again, as the replay contract allows once the window has gone by.
    expect(await adapters.checkouts.create(c, { opId: 'old' })).toBe(false);
  });

  it.skipIf(skip)(`idempotency claims and checkouts go a window after their expiry, by the stores' clock${note}`, async () => {
    const clock = new ManualClock();
    const { schema, adapters } = await space.schema({ clock });
    const start = clock.now();
    await adapters.checkouts.create(sampleCheckout('short', start, { expiresAt: start + 1_000 }));
    await adapters.checkouts.create(sampleCheckout('long', start, { expiresAt: start + 10 * WINDOW }));
    await adapters.idempotency.claim({ key: 'k-short', fingerprint: 'f', owner: 'o', lockMs: 1_000 });
    await adapters.idempotency.claim({ key: 'k-long', fingerprint: 'f', owner: 'o', lockMs: 10 * WINDOW });

    clock.advance(1_000 + WINDOW - 1); // expired, not yet a window past it
    expect(await pruneExpired(space.pool(), { schema, replayWindowMs: WINDOW, clock })).toMatchObject({ idempotencyRecords: 0, checkouts: 0 });
    clock.advance(2);
    expect(await pruneExpired(space.pool(), { schema, replayWindowMs: WINDOW, clock })).toMatchObject({ idempotencyRecords: 1, checkouts: 1 });
    const left = await space.pool().query<{ id: string }>(`SELECT id FROM "${schema}".checkouts UNION ALL SELECT key FROM "${schema}".idempotency_records ORDER BY 1`);
    expect(left.rows.map((r) => r.id)).toEqual(['k-long', 'long']);
    expect(await adapters.checkouts.get('long')).not.toBeNull();
  });

  it.skipIf(skip)(`one statement deletes at most its batch; pruneExpired repeats until the backlog is gone${note}`, async () => {
    const { schema } = await space.schema();
    const pool = space.pool();
    await pool.query(`INSERT INTO "${schema}".applied_ops (op_id, applied_at) SELECT 'op-' || n, now() - interval '1 hour' FROM generate_series(1, 1203) n`);
    await pool.query(`INSERT INTO "${schema}".applied_ops (op_id) VALUES ('fresh')`);
    const one = await pruneBatch(pool, `"${schema}"`, { replayWindowMs: WINDOW, batch: 500, now: Date.now() });
    expect(one.appliedOps).toBe(500);
    const rest = await pruneExpired(pool, { schema, replayWindowMs: WINDOW, batch: 500 });
    expect(rest.appliedOps).toBe(703);
    expect(await opIds(schema)).toEqual(['fresh']);
  });

  it.skipIf(skip)(`whatever the ages, exactly the steps older than the window go${note}`, async () => {
    const { schema } = await space.schema();
    const pool = space.pool();
    // Ages kept 5 s clear of the boundary, so the server's clock moving on cannot matter.
    const ageMs = fc.oneof(fc.integer({ min: 0, max: WINDOW - 5_000 }), fc.integer({ min: WINDOW + 5_000, max: 100 * WINDOW }));
    await fc.assert(
      fc.asyncProperty(fc.array(ageMs, { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (ages, batch) => {
        await pool.query(`DELETE FROM "${schema}".applied_ops`);
        await pool.query(`INSERT INTO "${schema}".applied_ops (op_id, applied_at) SELECT 'op-' || lpad(i::text, 3, '0'), now() - a * interval '1 millisecond' FROM unnest($1::bigint[]) WITH ORDINALITY AS x(a, i)`, [ages]);
        await pruneExpired(pool, { schema, replayWindowMs: WINDOW, batch });
        const kept = ages.flatMap((a, i) => (a < WINDOW ? [`op-${String(i + 1).padStart(3, '0')}`] : []));
        expect(await opIds(schema)).toEqual(kept);
      }),
      { numRuns: 40 },
    );
  });

  it.skipIf(skip)(`the steps prune by themselves every pruneEverySteps writes${note}`, async () => {
    const clock = new ManualClock();
    const { schema } = await space.schema();
    const steps = new PgSteps(space.pool(), `"${schema}"`, { replayWindowMs: WINDOW, pruneEverySteps: 3, clock });
    const checkouts = new PostgresCheckoutStore(steps, new PgEventRecording(steps, false), clock);
    await checkouts.create(sampleCheckout('a', clock.now()), { opId: 'a' });
    await checkouts.create(sampleCheckout('b', clock.now()), { opId: 'b' });
    await age(schema, 'a', WINDOW + 5_000);
    await age(schema, 'b', WINDOW + 5_000);
    await steps.settled();
    expect(await opIds(schema)).toEqual(['a', 'b']); // two writes: not yet
    await checkouts.create(sampleCheckout('c', clock.now()), { opId: 'c' });
    await steps.settled();
    expect(await opIds(schema)).toEqual(['c']);
  });

  it('refuses a replay window under a second and a bad batch', async () => {
    await expect(pruneExpired({ query: () => Promise.reject(new Error('never reached')) }, { replayWindowMs: 999 })).rejects.toThrow(/replayWindowMs/);
    await expect(pruneExpired({ query: () => Promise.reject(new Error('never reached')) }, { batch: 0 })).rejects.toThrow(/batch/);
    expect(() => new PgSteps({ query: () => Promise.reject(new Error('x')), connect: () => Promise.reject(new Error('x')) }, '"s"', { pruneEverySteps: -1 })).toThrow(/pruneEverySteps/);
  });
});
