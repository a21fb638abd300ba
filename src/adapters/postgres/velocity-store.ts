import type { VelocityStore } from '../../ports/velocity-store.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgSteps } from './steps.js';

/**
 * Fraud velocity counters on PostgreSQL: one row per (key, member) holding the latest time
 * it was seen, so recording again is an upsert that keeps the greater time (idempotent, no
 * opId needed) and a count is an index range scan. Members older than `retainMs` before the
 * newest record are trimmed by the same statement.
 */
export class PostgresVelocityStore implements VelocityStore {
  constructor(private readonly pg: PgSteps) {}

  async record(input: { entries: { key: string; member: string }[]; at: number; retainMs: number }): Promise<void> {
    assertWellFormed(input, 'VelocityStore.record');
    if (input.entries.length === 0) return;
    const keys = input.entries.map((e) => e.key);
    await this.pg.idempotent(
      'velocity.record',
      `WITH upserted AS (
         INSERT INTO ${this.pg.t('velocity_members')} AS v (key, member, at)
         SELECT DISTINCT ON (key, member) key, member, $3::bigint FROM unnest($1::text[], $2::text[]) AS e(key, member)
         ON CONFLICT (key, member) DO UPDATE SET at = GREATEST(v.at, EXCLUDED.at)
       )
       DELETE FROM ${this.pg.t('velocity_members')} WHERE key = ANY($1::text[]) AND at < $3::bigint - $4::bigint`,
      [keys, input.entries.map((e) => e.member), input.at, input.retainMs],
    );
  }

  async count(queries: { key: string; since: number }[]): Promise<number[]> {
    assertWellFormed(queries, 'VelocityStore.count');
    if (queries.length === 0) return [];
    const rows = await this.pg.read<{ n: string }>(
      'velocity.count',
      `SELECT (SELECT count(*) FROM ${this.pg.t('velocity_members')} v WHERE v.key = q.key AND v.at >= q.since) AS n
         FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS q(key, since, i) ORDER BY q.i`,
      [queries.map((q) => q.key), queries.map((q) => q.since)],
    );
    return rows.map((r) => Number(r.n));
  }
}
