import type { CustomerSpend, ParkedEvent, PaymentRecord, PaymentStatus, PaymentStore } from '../../ports/payment-store.js';
import type { Replayable } from '../../ports/replay.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgQueryable } from './client.js';
import type { PgEventRecording } from './event-recording.js';
import { commit, refuse, type PgSteps } from './steps.js';

// Statuses that count a payment into its customer's spend (once, on first entry).
const SPENDING: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

type CreateResult = Awaited<ReturnType<PaymentStore['create']>>;
type CommitResult = Awaited<ReturnType<PaymentStore['commit']>>;

interface ParkedRow {
  payment_id: string;
  event_id: string;
  event: Record<string, unknown>;
  received_at: string;
}

const parkedOf = (row: ParkedRow): ParkedEvent => ({ paymentId: row.payment_id, eventId: row.event_id, event: row.event, receivedAt: Number(row.received_at) });

/**
 * Payments on PostgreSQL: the record (ledger, fraud decision, applied events) as jsonb beside
 * its queried columns; every change is one compare-and-set on `version`. `create` and `park`
 * take the same transaction-level advisory lock on the payment id, so a webhook parked while
 * the payment is being created is either seen by `create` or told `payment_exists`. `create`
 * and `commit` record their events (payment.*) with their COMMIT (event-recording.ts).
 */
export class PostgresPaymentStore implements PaymentStore {
  constructor(
    private readonly pg: PgSteps,
    private readonly recording: PgEventRecording,
  ) {}

  async create(payment: PaymentRecord, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ payment, step }, 'PaymentStore.create');
    assertEventsOf(payment.id, step.events, 'PaymentStore.create');
    const stored: PaymentRecord = { ...payment, version: 1 };
    return this.pg.write('payments.create', step.opId, async (tx) => {
      await this.lockId(tx, payment.id);
      const spending = SPENDING.has(stored.status);
      const inserted = await tx.query(
        `INSERT INTO ${this.pg.t('payments')} (id, order_id, status, customer_key, currency, amount_minor, created_at, updated_at, version, spend_counted, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [stored.id, stored.orderId, stored.status, stored.customerKey, stored.amount.currency, stored.amountMinor, stored.createdAt, stored.updatedAt, spending, JSON.stringify(stored)],
      );
      if (inserted.rowCount === 0) return refuse<CreateResult>({ ok: false, reason: 'exists' });
      if (spending) await this.countSpend(tx, stored);
      const parked = await tx.query<ParkedRow>(`SELECT * FROM ${this.pg.t('parked_payment_events')} WHERE payment_id = $1 ORDER BY seq`, [payment.id]);
      return commit<CreateResult>({ ok: true, payment: stored, parked: parked.rows.map(parkedOf) }, this.recording.writesOf(step.events));
    });
  }

  async get(paymentId: string): Promise<PaymentRecord | null> {
    assertWellFormed(paymentId, 'PaymentStore.get');
    const rows = await this.pg.read<{ doc: PaymentRecord }>('payments.get', `SELECT doc FROM ${this.pg.t('payments')} WHERE id = $1`, [paymentId]);
    return rows[0]?.doc ?? null;
  }

  async commit(input: { next: PaymentRecord; expectedVersion: number } & Replayable & RecordsEvents): Promise<CommitResult> {
    assertWellFormed(input, 'PaymentStore.commit');
    assertEventsOf(input.next.id, input.events, 'PaymentStore.commit');
    const stored: PaymentRecord = { ...input.next, version: input.expectedVersion + 1 };
    return this.pg.write('payments.commit', input.opId, async (tx) => {
      const { rows } = await tx.query<{ version: number; spend_counted: boolean }>(`SELECT version, spend_counted FROM ${this.pg.t('payments')} WHERE id = $1 FOR UPDATE`, [stored.id]);
      const current = rows[0];
      if (!current) return refuse<CommitResult>({ ok: false, reason: 'not_found' });
      if (current.version !== input.expectedVersion) return refuse<CommitResult>({ ok: false, reason: 'version_conflict' });
      const countNow = SPENDING.has(stored.status) && !current.spend_counted;
      await tx.query(
        `UPDATE ${this.pg.t('payments')} SET status = $2, order_id = $3, customer_key = $4, currency = $5, amount_minor = $6, updated_at = $7, version = $8,
                spend_counted = spend_counted OR $9, doc = $10 WHERE id = $1`,
        [stored.id, stored.status, stored.orderId, stored.customerKey, stored.amount.currency, stored.amountMinor, stored.updatedAt, stored.version, countNow, JSON.stringify(stored)],
      );
      if (countNow) await this.countSpend(tx, stored);
      return commit<CommitResult>({ ok: true, payment: stored }, this.recording.writesOf(input.events));
    });
  }

  async park(event: ParkedEvent): Promise<'parked' | 'payment_exists'> {
    assertWellFormed(event, 'PaymentStore.park');
    // Parking twice keeps one copy, so the step may run again; it still runs as a step (with an
    // opId of its own) so a resend after a lost COMMIT answers what the first run answered.
    return this.pg.write('payments.park', undefined, async (tx) => {
      await this.lockId(tx, event.paymentId);
      const exists = await tx.query(`SELECT 1 FROM ${this.pg.t('payments')} WHERE id = $1`, [event.paymentId]);
      if (exists.rowCount) return refuse<'parked' | 'payment_exists'>('payment_exists');
      await tx.query(
        `INSERT INTO ${this.pg.t('parked_payment_events')} (payment_id, event_id, event, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [event.paymentId, event.eventId, JSON.stringify(event.event), event.receivedAt],
      );
      return commit<'parked' | 'payment_exists'>('parked');
    });
  }

  async parkedEvents(paymentId: string): Promise<ParkedEvent[]> {
    assertWellFormed(paymentId, 'PaymentStore.parkedEvents');
    const rows = await this.pg.read<ParkedRow>('payments.parkedEvents', `SELECT * FROM ${this.pg.t('parked_payment_events')} WHERE payment_id = $1 ORDER BY seq`, [paymentId]);
    return rows.map(parkedOf);
  }

  async dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void> {
    assertWellFormed(input, 'PaymentStore.dropParked');
    await this.pg.idempotent('payments.dropParked', `DELETE FROM ${this.pg.t('parked_payment_events')} WHERE payment_id = $1 AND event_id = ANY($2::text[])`, [input.paymentId, input.eventIds]);
  }

  async dropExpiredParked(input: { receivedBefore: number; limit: number }): Promise<number> {
    const table = this.pg.t('parked_payment_events');
    // Dropping is idempotent (a resend after a lost answer finds those rows gone already).
    const dropped = await this.pg.idempotent<{ seq: string }>(
      'payments.dropExpiredParked',
      `DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} WHERE received_at < $1 ORDER BY received_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING seq`,
      [input.receivedBefore, Math.max(0, input.limit)],
    );
    return dropped.length;
  }

  async customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend> {
    assertWellFormed(input, 'PaymentStore.customerSpend');
    const rows = await this.pg.read<{ count: string; total_minor: string; max_minor: string }>(
      'payments.customerSpend',
      `SELECT count, total_minor, max_minor FROM ${this.pg.t('customer_spend')} WHERE customer_key = $1 AND currency = $2`,
      [input.customerKey, input.currency],
    );
    const row = rows[0];
    return row ? { count: Number(row.count), totalMinor: Number(row.total_minor), maxMinor: Number(row.max_minor) } : { count: 0, totalMinor: 0, maxMinor: 0 };
  }

  /** Serializes `create` and `park` of one payment id (held until the transaction ends). */
  private async lockId(tx: PgQueryable, paymentId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`commerce-kernel:payment:${this.pg.schema}:${paymentId}`]);
  }

  private async countSpend(tx: PgQueryable, payment: PaymentRecord): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.pg.t('customer_spend')} AS s (customer_key, currency, count, total_minor, max_minor) VALUES ($1, $2, 1, $3, $3)
       ON CONFLICT (customer_key, currency) DO UPDATE SET count = s.count + 1, total_minor = s.total_minor + $3, max_minor = GREATEST(s.max_minor, $3)`,
      [payment.customerKey, payment.amount.currency, payment.amountMinor],
    );
  }
}
