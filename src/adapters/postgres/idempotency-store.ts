import type { Clock } from '../../ports/clock.js';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import { commit, refuse, type PgSteps } from './steps.js';

interface RecordRow {
  state: 'in_progress' | 'completed';
  fingerprint: string;
  owner: string | null;
  result: unknown;
  expires_at: string;
}

function recordOf(row: RecordRow): IdempotencyRecord {
  const expiresAt = Number(row.expires_at);
  return row.state === 'in_progress'
    ? { state: 'in_progress', fingerprint: row.fingerprint, owner: row.owner ?? '', expiresAt }
    : { state: 'completed', fingerprint: row.fingerprint, result: row.result, expiresAt };
}

/**
 * Idempotency claims on PostgreSQL: one row per key, a record past `expires_at` (by the
 * store's clock) counting as absent, so a lapsed claim is taken over by one conditional
 * upsert. Every step locks the key's row, so two claims of one key never both win.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly pg: PgSteps,
    private readonly clock: Clock = systemClock,
  ) {}

  async claim(input: { key: string; fingerprint: string; owner: string; lockMs: number } & Replayable): Promise<IdempotencyClaim> {
    assertWellFormed(input, 'IdempotencyStore.claim');
    return this.pg.write('idempotency.claim', input.opId, async (tx) => {
      const now = this.clock.now();
      const { rowCount } = await tx.query(
        `INSERT INTO ${this.pg.t('idempotency_records')} AS r (key, state, fingerprint, owner, result, expires_at) VALUES ($1, 'in_progress', $2, $3, NULL, $4)
         ON CONFLICT (key) DO UPDATE SET state = 'in_progress', fingerprint = EXCLUDED.fingerprint, owner = EXCLUDED.owner, result = NULL, expires_at = EXCLUDED.expires_at
         WHERE r.expires_at <= $5`,
        [input.key, input.fingerprint, input.owner, now + input.lockMs, now],
      );
      if (rowCount) return commit<IdempotencyClaim>({ state: 'claimed' });
      const { rows } = await tx.query<RecordRow>(`SELECT * FROM ${this.pg.t('idempotency_records')} WHERE key = $1`, [input.key]);
      return refuse<IdempotencyClaim>(recordOf(rows[0] as RecordRow));
    });
  }

  async complete(input: { key: string; owner: string; result: unknown; ttlMs: number } & Replayable): Promise<boolean> {
    assertWellFormed(input, 'IdempotencyStore.complete');
    return this.pg.write('idempotency.complete', input.opId, async (tx) => {
      const now = this.clock.now();
      const { rowCount } = await tx.query(
        `UPDATE ${this.pg.t('idempotency_records')} SET state = 'completed', owner = NULL, result = $3, expires_at = $4
          WHERE key = $1 AND state = 'in_progress' AND owner = $2 AND expires_at > $5`,
        [input.key, input.owner, JSON.stringify(input.result ?? null), now + input.ttlMs, now],
      );
      return rowCount ? commit(true) : refuse(false);
    });
  }

  async release(input: { key: string; owner: string } & Replayable): Promise<void> {
    assertWellFormed(input, 'IdempotencyStore.release');
    await this.pg.write('idempotency.release', input.opId, async (tx) => {
      const { rowCount } = await tx.query(`DELETE FROM ${this.pg.t('idempotency_records')} WHERE key = $1 AND state = 'in_progress' AND owner = $2 AND expires_at > $3`, [
        input.key,
        input.owner,
        this.clock.now(),
      ]);
      return rowCount ? commit(true) : refuse(false);
    });
  }

  async get(key: string): Promise<IdempotencyRecord | null> {
    assertWellFormed(key, 'IdempotencyStore.get');
    const rows = await this.pg.read<RecordRow>('idempotency.get', `SELECT * FROM ${this.pg.t('idempotency_records')} WHERE key = $1 AND expires_at > $2`, [key, this.clock.now()]);
    return rows[0] ? recordOf(rows[0]) : null;
  }
}
