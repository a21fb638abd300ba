import type { EventDraft } from '../../ports/event-log.js';
import { literal, type PgSteps } from './steps.js';

/** How many events one receive places (numbers) at most: sequence_events(batch), 006_events.sql. */
export const PLACE_BATCH = 1000;

/**
 * How a store step records events on PostgreSQL: one statement, sent with the step's answer
 * and COMMIT (`commit(answer, writes)`), so the events and the change they report commit
 * together or not at all, at no round trip of their own. It raises each aggregate's counter
 * row in `event_sequences` (locking it: a concurrent step of the same aggregate waits for
 * this one to commit, so sequences stay gapless and in insert order) and inserts the events
 * numbered from it. Counter rows are taken in aggregate order, so two steps never deadlock.
 * `enabled` false (`recordEvents: false`) records nothing: for hosts that subscribe to nothing.
 */
export class PgEventRecording {
  constructor(
    private readonly pg: PgSteps,
    readonly enabled: boolean,
  ) {}

  /** The statement recording `events`, or undefined when there is nothing to record. */
  writesOf(events: readonly EventDraft[] | undefined): string | undefined {
    if (!this.enabled || !events || events.length === 0) return undefined;
    const drafts = JSON.stringify(events.map((e) => ({ a: e.aggregateId, type: e.type, time: e.time, v: e.schemaVersion, payload: e.payload })));
    return `WITH drafts AS (SELECT d.e->>'a' AS aggregate_id, d.e, d.n FROM jsonb_array_elements(${literal(drafts)}::jsonb) WITH ORDINALITY AS d(e, n)),
  counts AS (SELECT aggregate_id, count(*) AS k FROM drafts GROUP BY aggregate_id),
  counters AS (INSERT INTO ${this.pg.t('event_sequences')} AS s (aggregate_id, last_sequence) SELECT aggregate_id, k FROM counts ORDER BY aggregate_id
    ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence RETURNING s.aggregate_id, s.last_sequence)
INSERT INTO ${this.pg.t('events')} (aggregate_id, sequence, type, time, schema_version, payload)
SELECT d.aggregate_id, c.last_sequence - k.k + row_number() OVER (PARTITION BY d.aggregate_id ORDER BY d.n), d.e->>'type', (d.e->>'time')::bigint, (d.e->>'v')::integer, d.e->'payload'
  FROM drafts d JOIN counts k USING (aggregate_id) JOIN counters c USING (aggregate_id) ORDER BY d.n`;
  }
}
