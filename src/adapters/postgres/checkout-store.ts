import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { Clock } from '../../ports/clock.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import type { PgEventRecording } from './event-recording.js';
import { commit, refuse, type PgSteps } from './steps.js';

/**
 * Checkouts on PostgreSQL, as jsonb with their version and expiry beside. A checkout whose
 * `expires_at` passed by the store's clock is absent to every member (a create may take its
 * id); the compare-and-set is one conditional UPDATE, which records its events
 * (checkout.*) with its COMMIT (event-recording.ts).
 */
export class PostgresCheckoutStore implements CheckoutStore {
  constructor(
    private readonly pg: PgSteps,
    private readonly recording: PgEventRecording,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(checkout: CheckoutState, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.create');
    const stored = { ...checkout, version: 1 };
    return this.pg.write('checkouts.create', step.opId, async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO ${this.pg.t('checkouts')} AS c (id, version, expires_at, doc) VALUES ($1, 1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET version = 1, expires_at = EXCLUDED.expires_at, doc = EXCLUDED.doc WHERE c.expires_at <= $4`,
        [stored.id, stored.expiresAt, JSON.stringify(stored), this.clock.now()],
      );
      return rowCount ? commit(true) : refuse(false);
    });
  }

  async get(id: string): Promise<CheckoutState | null> {
    assertWellFormed(id, 'CheckoutStore.get');
    const rows = await this.pg.read<{ doc: CheckoutState }>('checkouts.get', `SELECT doc FROM ${this.pg.t('checkouts')} WHERE id = $1 AND expires_at > $2`, [id, this.clock.now()]);
    return rows[0]?.doc ?? null;
  }

  async update(checkout: CheckoutState, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CheckoutWriteResult> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.update');
    assertEventsOf(checkout.id, step.events, 'CheckoutStore.update');
    const stored = { ...checkout, version: expectedVersion + 1 };
    return this.pg.write('checkouts.update', step.opId, async (tx) => {
      const now = this.clock.now();
      const { rowCount } = await tx.query(
        `UPDATE ${this.pg.t('checkouts')} SET version = $3, expires_at = $4, doc = $5 WHERE id = $1 AND version = $2 AND expires_at > $6`,
        [stored.id, expectedVersion, stored.version, stored.expiresAt, JSON.stringify(stored), now],
      );
      if (rowCount) return commit<CheckoutWriteResult>({ ok: true, checkout: stored }, this.recording.writesOf(step.events));
      const current = await tx.query<{ doc: CheckoutState }>(`SELECT doc FROM ${this.pg.t('checkouts')} WHERE id = $1 AND expires_at > $2`, [stored.id, now]);
      return refuse<CheckoutWriteResult>(current.rows[0] ? { ok: false, reason: 'conflict', current: current.rows[0].doc } : { ok: false, reason: 'not_found' });
    });
  }

  async delete(id: string, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ id, step }, 'CheckoutStore.delete');
    return this.pg.write('checkouts.delete', step.opId, async (tx) => {
      const { rows } = await tx.query<{ expires_at: string }>(`DELETE FROM ${this.pg.t('checkouts')} WHERE id = $1 RETURNING expires_at`, [id]);
      const row = rows[0];
      if (!row) return refuse(false);
      return commit(Number(row.expires_at) > this.clock.now());
    });
  }
}
