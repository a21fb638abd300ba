import type { Clock } from '../../ports/clock.js';
import type { DeadLetter, Delivery, DomainEvent, EventLog, JsonValue } from '../../ports/event-log.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { PLACE_BATCH } from './event-recording.js';
import { literal, type PgSteps } from './steps.js';

/** How many old events one `trim` deletes at most (the relay trims again on its next turn). */
const TRIM_BATCH = 10_000;

interface EventRow {
  aggregate_id: string;
  sequence: string;
  type: string;
  time: string;
  schema_version: number;
  payload: JsonValue;
  position: string;
  settled: string;
}

const EVENT_COLUMNS = 'e.aggregate_id, e.sequence, e.type, e.time, e.schema_version, e.payload, e.position';

/**
 * The event log of the PostgreSQL adapters: the `events` outbox the stores' transactions
 * insert into (event-recording.ts), read by groups whose state is rows beside it
 * (006_events.sql): a cursor per group, in-flight rows, settled sequences, dead letters.
 * The whole table is one partition, delivered in `position` order.
 *
 * A position is given when a reader places committed events (`sequence_events`), never at
 * insert: a transaction may commit after another that inserted later, and a cursor past the
 * later one would skip it. Placing under the head row's lock, in batches of committed rows,
 * makes every visible position's predecessors visible, so a cursor never passes a gap that
 * fills later. Idle and visibility times are the adapters' clock, as the events' own times.
 */
export class PostgresEventLog implements EventLog {
  /** The partition every delivery names: the outbox table. */
  readonly partition: string;

  constructor(
    private readonly pg: PgSteps,
    private readonly clock: Clock,
  ) {
    this.partition = pg.t('events');
  }

  async join(group: string): Promise<void> {
    assertWellFormed(group, 'EventLog.join');
    await this.pg.idempotent('events.join', `INSERT INTO ${this.pg.t('event_groups')} (name, cursor_position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [group]);
  }

  /**
   * One round trip: place what committed since, then, holding the group's row (only when
   * there is something past its cursor, so an idle poll writes nothing), take the next
   * events, move the cursor past them and mark them in flight.
   */
  async receive(group: string, consumer: string, options: { limit: number }): Promise<Delivery[]> {
    assertWellFormed({ group, consumer }, 'EventLog.receive');
    const limit = Math.floor(options.limit);
    if (!(limit > 0)) return [];
    const [g, c] = [literal(group), literal(consumer)];
    const rows = await this.bookkeeping<EventRow>(
      'events.receive',
      `SELECT ${this.pg.t('sequence_events')}(${PLACE_BATCH});
WITH grp AS (SELECT cursor_position FROM ${this.pg.t('event_groups')} gr
              WHERE name = ${g} AND EXISTS (SELECT 1 FROM ${this.pg.t('events')} WHERE position > gr.cursor_position) FOR UPDATE),
  taken AS (SELECT e.* FROM ${this.pg.t('events')} e, grp WHERE e.position > grp.cursor_position ORDER BY e.position LIMIT ${limit}),
  moved AS (UPDATE ${this.pg.t('event_groups')} SET cursor_position = (SELECT max(position) FROM taken) WHERE name = ${g} AND EXISTS (SELECT 1 FROM taken)),
  held AS (INSERT INTO ${this.pg.t('event_in_flight')} (group_name, position, consumer, since) SELECT ${g}, position, ${c}, ${this.clock.now()} FROM taken)
SELECT ${EVENT_COLUMNS}, coalesce(s.sequence, 0) AS settled
  FROM taken e LEFT JOIN ${this.pg.t('event_settled')} s ON s.group_name = ${g} AND s.aggregate_id = e.aggregate_id
 ORDER BY e.position`,
    );
    return rows.map((row) => this.delivery(row));
  }

  async reclaim(group: string, consumer: string, options: { idleMs: number; limit: number }): Promise<Delivery[]> {
    assertWellFormed({ group, consumer }, 'EventLog.reclaim');
    if (!(options.limit > 0)) return [];
    const [g, c, now] = [literal(group), literal(consumer), this.clock.now()];
    const rows = await this.bookkeeping<EventRow>(
      'events.reclaim',
      `WITH idle AS (SELECT position FROM ${this.pg.t('event_in_flight')} WHERE group_name = ${g} AND since < ${now - Math.floor(options.idleMs)}
                      ORDER BY position LIMIT ${Math.floor(options.limit)} FOR UPDATE SKIP LOCKED),
  claimed AS (UPDATE ${this.pg.t('event_in_flight')} f SET consumer = ${c}, since = ${now} FROM idle WHERE f.group_name = ${g} AND f.position = idle.position RETURNING f.position)
SELECT ${EVENT_COLUMNS}, coalesce(s.sequence, 0) AS settled
  FROM claimed JOIN ${this.pg.t('events')} e ON e.position = claimed.position
  LEFT JOIN ${this.pg.t('event_settled')} s ON s.group_name = ${g} AND s.aggregate_id = e.aggregate_id
 ORDER BY e.position`,
    );
    return rows.map((row) => this.delivery(row));
  }

  async touch(group: string, consumer: string, deliveries: readonly Delivery[]): Promise<void> {
    const positions = this.positionsOf(deliveries);
    if (positions.length === 0) return;
    await this.bookkeeping(
      'events.touch',
      `UPDATE ${this.pg.t('event_in_flight')} SET since = ${this.clock.now()} WHERE group_name = ${literal(group)} AND consumer = ${literal(consumer)} AND position IN (${positions.join(', ')})`,
    );
  }

  async settledOf(group: string, deliveries: readonly Delivery[]): Promise<number[]> {
    if (deliveries.length === 0) return [];
    const ids = [...new Set(deliveries.map((d) => d.event.aggregateId))];
    const rows = await this.pg.read<{ aggregate_id: string; sequence: string }>(
      'events.settledOf',
      `SELECT aggregate_id, sequence FROM ${this.pg.t('event_settled')} WHERE group_name = $1 AND aggregate_id = ANY($2::text[])`,
      [group, ids],
    );
    const settled = new Map(rows.map((r) => [r.aggregate_id, Number(r.sequence)]));
    return deliveries.map((d) => settled.get(d.event.aggregateId) ?? 0);
  }

  /** One transaction: the in-flight row goes, the settled sequence rises, the dead letter lands. */
  async settle(group: string, delivery: Delivery, deadLetter?: { error: string; attempts: number; time: number }): Promise<void> {
    const { event } = delivery;
    const g = literal(group);
    const position = delivery.partition === this.partition ? Number(delivery.handle) : -1;
    const letter = deadLetter
      ? `INSERT INTO ${this.pg.t('event_dead_letters')} (group_name, event_id, event, error, attempts, time)
         VALUES (${g}, ${literal(event.id)}, ${literal(JSON.stringify(event))}::jsonb, ${literal(deadLetter.error)}, ${Math.floor(deadLetter.attempts)}, ${Math.floor(deadLetter.time)})
         ON CONFLICT (group_name, event_id) DO UPDATE SET event = EXCLUDED.event, error = EXCLUDED.error, attempts = EXCLUDED.attempts, time = EXCLUDED.time;`
      : '';
    await this.bookkeeping(
      'events.settle',
      `DELETE FROM ${this.pg.t('event_in_flight')} WHERE group_name = ${g} AND position = ${position};
INSERT INTO ${this.pg.t('event_settled')} AS s (group_name, aggregate_id, sequence) VALUES (${g}, ${literal(event.aggregateId)}, ${Math.floor(event.sequence)})
    ON CONFLICT (group_name, aggregate_id) DO UPDATE SET sequence = GREATEST(s.sequence, EXCLUDED.sequence);
${letter}`,
    );
  }

  async deadLetters(group: string, options: { limit: number }): Promise<DeadLetter[]> {
    const rows = await this.pg.read<{ event: DomainEvent; error: string; attempts: number; time: string }>(
      'events.deadLetters',
      `SELECT event, error, attempts, time FROM ${this.pg.t('event_dead_letters')} WHERE group_name = $1 ORDER BY time, event_id LIMIT $2`,
      [group, Math.max(0, Math.floor(options.limit))],
    );
    return rows.map((r) => ({ event: r.event, partition: this.partition, error: r.error, attempts: r.attempts, time: Number(r.time) }));
  }

  async forgetDeadLetter(group: string, letter: Pick<DeadLetter, 'event' | 'partition'>): Promise<boolean> {
    const rows = await this.pg.idempotent(
      'events.forgetDeadLetter',
      `DELETE FROM ${this.pg.t('event_dead_letters')} WHERE group_name = $1 AND event_id = $2 RETURNING 1`,
      [group, letter.event.id],
    );
    return rows.length > 0;
  }

  /** Old events at or below every group's cursor and below every in-flight one, a bounded batch a call. */
  async trim(options: { retentionMs: number }): Promise<number> {
    const rows = await this.pg.idempotent<{ dropped: string }>(
      'events.trim',
      `WITH old AS (SELECT position FROM ${this.pg.t('events')}
                     WHERE position IS NOT NULL AND time < $1
                       AND position <= coalesce((SELECT min(cursor_position) FROM ${this.pg.t('event_groups')}), 9223372036854775807)
                       AND position < coalesce((SELECT min(position) FROM ${this.pg.t('event_in_flight')}), 9223372036854775807)
                     ORDER BY position LIMIT $2),
  gone AS (DELETE FROM ${this.pg.t('events')} e USING old WHERE e.position = old.position RETURNING 1)
SELECT count(*) AS dropped FROM gone`,
      [this.clock.now() - options.retentionMs, TRIM_BATCH],
    );
    return Number(rows[0]?.dropped ?? 0);
  }

  /**
   * A consumer's bookkeeping (receive, reclaim, touch, settle): one round trip, one
   * transaction, committed without waiting for the WAL flush. A server crash may lose the
   * last few milliseconds of it, never half of one: the cursor, in-flight and settled rows go
   * back together, and the events they covered are delivered again, which at-least-once
   * delivery allows. The outbox rows themselves are written by the stores' steps, durably.
   */
  private bookkeeping<R>(step: string, text: string): Promise<R[]> {
    return this.pg.script<R>(step, `SET LOCAL synchronous_commit = off; ${text}`);
  }

  private positionsOf(deliveries: readonly Delivery[]): number[] {
    return deliveries.filter((d) => d.partition === this.partition).map((d) => Number(d.handle));
  }

  private delivery(row: EventRow): Delivery {
    const event: DomainEvent = {
      id: `${row.aggregate_id}:${row.sequence}`,
      type: row.type,
      aggregateId: row.aggregate_id,
      sequence: Number(row.sequence),
      time: Number(row.time),
      schemaVersion: row.schema_version,
      payload: row.payload,
    };
    return { event, partition: this.partition, handle: row.position, settled: Number(row.settled) };
  }
}
