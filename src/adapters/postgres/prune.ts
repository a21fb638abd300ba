import type { Clock } from '../../ports/clock.js';
import { systemClock } from '../system/system-clock.js';
import { quoteSchema, type PgQueryable } from './client.js';
import { DEFAULT_SCHEMA } from './migrate.js';

/** How long an applied step is remembered by default: the Redis adapters' default too. */
export const DEFAULT_REPLAY_WINDOW_MS = 10 * 60_000;
/** Rows of each table one pruning statement deletes at most, so it stays short. */
export const DEFAULT_PRUNE_BATCH = 500;

/** Throws unless `ms` is a replay window the adapters accept (the Redis adapters' rule). */
export function checkReplayWindow(ms: number, where: string): void {
  if (!Number.isSafeInteger(ms) || ms < 1000) throw new TypeError(`${where}: replayWindowMs must be an integer of at least 1000 ms`);
}

/** What one pruning pass deleted, per table. */
export interface PruneResult {
  appliedOps: number;
  idempotencyRecords: number;
  checkouts: number;
}

/**
 * One bounded pruning statement: at most `batch` rows of each table, oldest first.
 * `applied_ops` rows go once older than the replay window by the server's clock (the clock
 * that stamped them); idempotency claims and checkouts, which every member already reads as
 * absent once expired, go a replay window after their expiry by the stores' clock, so an
 * instance whose clock runs a little behind still finds what it considers live.
 * `FOR UPDATE SKIP LOCKED` leaves rows a step holds, and lets instances pruning at once
 * take different rows instead of queueing on the same ones.
 */
export async function pruneBatch(db: PgQueryable, schema: string, options: { replayWindowMs: number; batch: number; now: number }): Promise<PruneResult> {
  const t = (table: string): string => `${schema}.${table}`;
  const { rows } = await db.query<{ ops: string; idem: string; chk: string }>(
    `WITH ops AS (
       DELETE FROM ${t('applied_ops')} WHERE op_id IN (
         SELECT op_id FROM ${t('applied_ops')} WHERE applied_at < now() - $1 * interval '1 millisecond'
          ORDER BY applied_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1),
     idem AS (
       DELETE FROM ${t('idempotency_records')} WHERE key IN (
         SELECT key FROM ${t('idempotency_records')} WHERE expires_at < $3
          ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1),
     chk AS (
       DELETE FROM ${t('checkouts')} WHERE id IN (
         SELECT id FROM ${t('checkouts')} WHERE expires_at < $3
          ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1)
     SELECT (SELECT count(*) FROM ops) AS ops, (SELECT count(*) FROM idem) AS idem, (SELECT count(*) FROM chk) AS chk`,
    [options.replayWindowMs, options.batch, options.now - options.replayWindowMs],
  );
  const row = rows[0];
  return { appliedOps: Number(row?.ops ?? 0), idempotencyRecords: Number(row?.idem ?? 0), checkouts: Number(row?.chk ?? 0) };
}

export interface PruneOptions {
  /** The schema `migrate` created the tables in; default `commerce`. */
  schema?: string;
  /** The adapters' replay window (default 10 minutes); use the one `postgresAdapters` got. */
  replayWindowMs?: number;
  /** Rows of each table per statement (default 500); passes repeat until one deletes fewer. */
  batch?: number;
  /** The stores' clock, for the expiry of idempotency claims and checkouts. */
  clock?: Clock;
}

/**
 * Deletes what no step will read again: applied steps older than the replay window, and
 * idempotency claims and checkouts a replay window past their expiry. For hosts that prefer
 * a scheduled job to the adapters' own pruning (`postgresAdapters({ pruneEverySteps: 0 })`).
 * Runs bounded statements, each its own transaction, until one comes back short.
 */
export async function pruneExpired(pool: PgQueryable, options: PruneOptions = {}): Promise<PruneResult> {
  const schema = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const replayWindowMs = options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  checkReplayWindow(replayWindowMs, 'pruneExpired');
  const batch = options.batch ?? DEFAULT_PRUNE_BATCH;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new TypeError('pruneExpired: batch must be a positive integer');
  const clock = options.clock ?? systemClock;
  const total: PruneResult = { appliedOps: 0, idempotencyRecords: 0, checkouts: 0 };
  for (;;) {
    const pass = await pruneBatch(pool, schema, { replayWindowMs, batch, now: clock.now() });
    total.appliedOps += pass.appliedOps;
    total.idempotencyRecords += pass.idempotencyRecords;
    total.checkouts += pass.checkouts;
    if (Math.max(pass.appliedOps, pass.idempotencyRecords, pass.checkouts) < batch) return total;
  }
}
