import { randomUUID } from 'node:crypto';
import { CommerceError } from '../../shared/errors.js';
import { connectionLost, failed, RETRYABLE, unavailable } from './faults.js';
import type { Clock } from '../../ports/clock.js';
import { systemClock } from '../system/system-clock.js';
import type { PgConnection, PgPool, PgQueryable } from './client.js';
import { lastResult, literal, results } from './sql-text.js';
import { checkReplayWindow, DEFAULT_PRUNE_BATCH, DEFAULT_REPLAY_WINDOW_MS, pruneBatch } from './prune.js';

export { connectionLost } from './faults.js';
export { literal } from './sql-text.js';

/**
 * What a step's body decides: keep its writes (and remember its answer) or undo them. A
 * commit may carry `writes`, statements without parameters sent with the answer and COMMIT
 * (recording events: no round trip of their own).
 */
export type StepOutcome<T> = { commit: true; answer: T; writes?: string | undefined } | { commit: false; answer: T };

/** Keeps the writes of a step (and runs `writes` last, in its transaction) and answers `answer`. */
export const commit = <T>(answer: T, writes?: string): StepOutcome<T> => ({ commit: true, answer, writes });
/** Undoes whatever the step wrote (a refusal) and answers `answer`; the opId is not remembered. */
export const refuse = <T>(answer: T): StepOutcome<T> => ({ commit: false, answer });

/** How many times a transaction that met a serialization failure or a deadlock runs again. */
const CONFLICT_RETRIES = 4;
/** How many times a step whose connection dropped is sent again (under the same opId). */
const RESENDS = 2;

/**
 * Heard on every connection the adapters use: the break itself is reported by the query it
 * fails (or the next one), which the step handles; this only keeps it from being unheard.
 */
const ignoreWhileHeld = (): void => undefined;

/**
 * Connections and pools we listen to. A listener stays for the connection's life: pg-pool
 * hands a connection between its own listener and the user's, and a backend killed just as
 * the connection opens reports its error in that gap (before `connect()` resolves), which
 * node-postgres would throw out of the process unheard. So the pool's `connect` event (a new
 * connection, still under the pool's listener) is where we start listening.
 */
const heard = new WeakSet<object>();

function hear(conn: PgConnection): void {
  if (heard.has(conn)) return;
  heard.add(conn);
  conn.on?.('error', ignoreWhileHeld);
}

function listenToNewConnections(pool: PgPool): void {
  if (heard.has(pool)) return;
  heard.add(pool);
  pool.on?.('connect', hear);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A step of `PgSteps.writeLed`: a lead statement, a decision on its rows, the writes. */
export interface LedStep<T, R> {
  /** One statement without parameters, run after the claim in the first round trip. */
  lead: string;
  /** Judges the lead's rows; a commit carries `writes`, statements without parameters. */
  decide: (rows: R[]) => StepOutcome<T>;
  /** Whether an error of `writes` is a refusal, and its answer (the step then rolls back). */
  refusedBy?: (error: unknown) => T | undefined;
}

export interface PgStepsOptions {
  /** How long an applied step is remembered (default 10 minutes). */
  replayWindowMs?: number;
  /** Every how many writes one bounded pruning statement runs (default 1000; 0: never). */
  pruneEverySteps?: number;
  /** The stores' clock, for the expiry of idempotency claims and checkouts. */
  clock?: Clock;
}

/**
 * Runs the stores' statements on the host's pool. A step that writes is one transaction
 * under READ COMMITTED, made safe to replay (ports/replay.ts) by its row in `applied_ops`:
 * the transaction first claims its opId (an INSERT that waits for a concurrent claim of the
 * same id to commit or roll back), answers the remembered answer when the id was applied,
 * and records its own answer before COMMIT, so the answer and the writes land together or
 * not at all. A refusal rolls back, claim included, so a refused step is decided again.
 *
 * A dropped connection rolls the transaction back on the server (PostgreSQL never keeps half
 * a transaction); when COMMIT itself lost its answer the step may or may not have landed, so
 * it is sent again under the same opId (one made up when the caller gave none) and answers
 * the first answer if it had. Still failing, it is STORE_UNAVAILABLE. Serialization failures
 * and deadlocks run the step again a bounded number of times, then answer CONFLICT.
 */
export class PgSteps {
  readonly schema: string;
  readonly replayWindowMs: number;
  private readonly pruneEverySteps: number;
  private readonly clock: Clock;
  private writesSincePrune = 0;
  private pruning: Promise<void> | undefined;

  constructor(
    readonly pool: PgPool,
    schema: string,
    options: PgStepsOptions = {},
  ) {
    this.schema = schema;
    this.replayWindowMs = options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
    checkReplayWindow(this.replayWindowMs, 'postgresAdapters');
    this.pruneEverySteps = options.pruneEverySteps ?? 1000;
    if (!Number.isSafeInteger(this.pruneEverySteps) || this.pruneEverySteps < 0) throw new TypeError('postgresAdapters: pruneEverySteps must be a non-negative integer');
    this.clock = options.clock ?? systemClock;
    listenToNewConnections(pool);
  }

  /** Resolves once the pruning statement in flight, if any, has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.pruning;
  }

  /**
   * Counts a write and, every `pruneEverySteps`, starts one bounded pruning statement
   * (prune.ts) beside the steps, never inside one: it holds no step's locks and adds no
   * round trip to it. At most one runs per instance; a failure is dropped, since the next
   * turn deletes the same rows.
   */
  private countWrite(): void {
    if (this.pruneEverySteps === 0 || ++this.writesSincePrune < this.pruneEverySteps || this.pruning) return;
    this.writesSincePrune = 0;
    const run = async (): Promise<void> => {
      const conn = await this.pool.connect();
      hear(conn);
      try {
        await pruneBatch(conn, this.schema, { replayWindowMs: this.replayWindowMs, batch: DEFAULT_PRUNE_BATCH, now: this.clock.now() });
        this.give(conn);
      } catch (error) {
        this.give(conn, connectionLost(error));
      }
    };
    this.pruning = run()
      .catch(() => undefined)
      .finally(() => {
        this.pruning = undefined;
      });
  }

  /** A table's name qualified by the schema (`"shop".orders`). */
  t(table: string): string {
    return `${this.schema}.${table}`;
  }

  /**
   * One statement that only reads, on any pooled connection; sent again if the connection
   * dropped (or, for a write that is safe to repeat, when it met a deadlock).
   */
  async read<R>(step: string, text: string, values: unknown[] = [], several = false): Promise<R[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once1<R>(text, values, several);
      } catch (error) {
        if (attempt < RESENDS && connectionLost(error)) continue;
        const code = (error as { code?: unknown }).code;
        if (attempt < CONFLICT_RETRIES && typeof code === 'string' && RETRYABLE.has(code)) {
          await pause((attempt + 1) * 5);
          continue;
        }
        throw failed(step, error);
      }
    }
  }

  /**
   * Several statements without parameters sent as one simple query: one round trip, one
   * implicit transaction (an error rolls all of it back), each statement with its own
   * snapshot. Sent again if the connection dropped. Answers the last statement's rows.
   */
  async script<R>(step: string, text: string): Promise<R[]> {
    return this.read<R>(step, text, [], true);
  }

  /** A write that is one statement and safe to run twice by itself (no opId needed). */
  async idempotent<R>(step: string, text: string, values: unknown[] = []): Promise<R[]> {
    return this.read<R>(step, text, values);
  }

  /**
   * One transaction that writes, safe to replay under `opId`. `body` reads (locking what it
   * will change) and writes through `tx`, then commits or refuses; it must not keep `tx`.
   * `replayed`, when given, answers a step whose opId was already applied in place of the
   * remembered answer (a cart's line edit answers the cart as it is now).
   */
  async write<T>(step: string, opId: string | undefined, body: (tx: PgQueryable) => Promise<StepOutcome<T>>, replayed?: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const op = opId ?? randomUUID();
    return this.retrying(step, () => this.once(op, body, replayed));
  }

  /**
   * A step in two round trips, for the hot paths (a reservation): `lead` goes with BEGIN and
   * the claim, `decide` judges its rows in TypeScript, and its `writes` go with the answer
   * and COMMIT, so the rows `lead` locks are held for one round trip, not three. Both are
   * parameterless statements (literals only: a simple query carries several statements).
   */
  async writeLed<T, R>(step: string, opId: string | undefined, led: LedStep<T, R>): Promise<T> {
    const op = opId ?? randomUUID();
    return this.retrying(step, () => this.onceLed(op, led));
  }

  private async retrying<T>(step: string, attemptOnce: () => Promise<T>): Promise<T> {
    let conflicts = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await attemptOnce();
        this.countWrite();
        return answer;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code)) {
          if (++conflicts > CONFLICT_RETRIES) throw new CommerceError('CONFLICT', { step, reason: 'serialization failure or deadlock, retries spent' }, { cause: error });
          await pause(conflicts * 5);
          attempt--;
          continue;
        }
        if (attempt < RESENDS && connectionLost(error)) {
          await pause(20 * (attempt + 1));
          continue;
        }
        throw failed(step, error);
      }
    }
  }

  /** A transaction that is not a replayable step (migrations, sweeps): BEGIN, body, COMMIT. */
  async transaction<T>(step: string, body: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const conn = await this.checkout(step);
    try {
      await conn.query('BEGIN');
      const answer = await body(conn);
      await conn.query('COMMIT');
      this.give(conn);
      return answer;
    } catch (error) {
      await this.abandon(conn, error);
      throw failed(step, error);
    }
  }

  /**
   * One statement on a connection of our own rather than `pool.query`: pg-pool listens to a
   * connection's errors only once during a query, and a killed backend may report twice.
   */
  private async once1<R>(text: string, values: unknown[], several = false): Promise<R[]> {
    const conn = await this.checkout('connect');
    try {
      const result = await conn.query<R>(text, values);
      this.give(conn);
      return several ? (lastResult(result).rows as R[]) : result.rows;
    } catch (error) {
      this.give(conn, connectionLost(error));
      throw error;
    }
  }

  private async once<T>(op: string, body: (tx: PgQueryable) => Promise<StepOutcome<T>>, replayed?: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const conn = await this.checkout('connect');
    try {
      // BEGIN and the claim in one round trip (a simple query may hold several statements).
      const claimed = lastResult(await conn.query(`BEGIN; INSERT INTO ${this.t('applied_ops')} (op_id) VALUES (${literal(op)}) ON CONFLICT (op_id) DO NOTHING`));
      if (claimed.rowCount === 0) {
        const answer = replayed ? await replayed(conn) : (await conn.query<{ answer: T }>(`SELECT answer FROM ${this.t('applied_ops')} WHERE op_id = $1`, [op])).rows[0]?.answer as T;
        await conn.query('ROLLBACK');
        this.give(conn);
        return answer;
      }
      const outcome = await body(conn);
      if (!outcome.commit) {
        await conn.query('ROLLBACK');
        this.give(conn);
        return outcome.answer;
      }
      // The answer and COMMIT in one round trip: an error in the first skips the second.
      await conn.query(`${outcome.writes ? `${outcome.writes}; ` : ''}UPDATE ${this.t('applied_ops')} SET answer = ${literal(JSON.stringify(outcome.answer ?? null))} WHERE op_id = ${literal(op)}; COMMIT`);
      this.give(conn);
      return outcome.answer;
    } catch (error) {
      await this.abandon(conn, error);
      throw error;
    }
  }

  private async onceLed<T, R>(op: string, led: LedStep<T, R>): Promise<T> {
    const conn = await this.checkout('connect');
    try {
      const [, claimed, lead] = results(await conn.query(`BEGIN; INSERT INTO ${this.t('applied_ops')} (op_id) VALUES (${literal(op)}) ON CONFLICT (op_id) DO NOTHING; ${led.lead}`));
      // Already applied (no claim): the remembered answer; what the lead locked is let go at ROLLBACK.
      const outcome = claimed?.rowCount === 0 ? undefined : led.decide((lead?.rows ?? []) as R[]);
      if (!outcome?.commit) {
        const answer = outcome ? outcome.answer : ((await conn.query<{ answer: T }>(`SELECT answer FROM ${this.t('applied_ops')} WHERE op_id = $1`, [op])).rows[0]?.answer as T);
        await conn.query('ROLLBACK');
        this.give(conn);
        return answer;
      }
      try {
        await conn.query(`${outcome.writes ?? ''}; UPDATE ${this.t('applied_ops')} SET answer = ${literal(JSON.stringify(outcome.answer ?? null))} WHERE op_id = ${literal(op)}; COMMIT`);
      } catch (error) {
        const refusal = connectionLost(error) ? undefined : led.refusedBy?.(error);
        if (refusal === undefined) throw error;
        await conn.query('ROLLBACK');
        this.give(conn);
        return refusal;
      }
      this.give(conn);
      return outcome.answer;
    } catch (error) {
      await this.abandon(conn, error);
      throw error;
    }
  }

  private async checkout(step: string): Promise<PgConnection> {
    let conn: PgConnection;
    try {
      conn = await this.pool.connect();
    } catch (error) {
      throw unavailable(step, error);
    }
    hear(conn);
    return conn;
  }

  /** Returns a connection to the pool; a broken one is dropped. */
  private give(conn: PgConnection, broken = false): void {
    if (broken) conn.release(true);
    else conn.release();
  }

  /** Rolls back what the failed transaction did and returns the connection (dropped when broken). */
  private async abandon(conn: PgConnection, error: unknown): Promise<void> {
    if (connectionLost(error)) {
      this.give(conn, true);
      return;
    }
    try {
      await conn.query('ROLLBACK');
      this.give(conn);
    } catch {
      this.give(conn, true);
    }
  }
}
