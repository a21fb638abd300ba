import { FlushSchedule, type SendCount } from './flush-schedule.js';

/** Most steps sent in one script call. */
export const MAX_STEPS_PER_CALL = 64;

interface Pending<S, R> {
  step: S;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** Steps waiting in the outbox: one lane's (sent together), or one step of no lane. */
interface Unit<S, R> {
  lane: string | undefined;
  steps: Pending<S, R>[];
}

export interface BatchQueueOptions<S, R> {
  /** Steps of one group may share a call (a cluster slot, or everything on a single server). */
  groupOf: (step: S) => number;
  /**
   * Steps of one lane (a cart) have at most one call in flight: those made meanwhile wait
   * and go together as the lane's next batch, once the answer is in. Absent: no lanes.
   */
  laneOf?: (step: S) => string;
  /** Sends one call; answers one result per step, in order. A rejection fails every step of the call. */
  send: (steps: readonly S[]) => Promise<readonly R[]>;
}

/**
 * Groups store steps into few script calls (the cart's line edits, the inventory's reserves),
 * without ever holding a step back for longer than the current tick.
 *
 * - Steps that are ready to go in the same tick (after every pending promise callback has
 *   run) are sent as ONE call per group, up to MAX_STEPS_PER_CALL, in the order made; a
 *   lane's steps stay together. Under load, answers arrive in bunches and the steps they
 *   release go out together, sharing a call's fixed costs on the Redis core.
 * - A lane (a cart) has at most one call in flight; steps made in the same tick join its
 *   unsent batch. So 50 concurrent adds to one cart take a few calls, and each is sent with
 *   the store's copy of the cart current.
 * - When a group has many steps waiting, about half go now and the rest one event-loop turn
 *   later (flush-schedule.ts); they stay unsent meanwhile, so their lanes' new steps join them.
 */
export class BatchQueue<S, R> {
  /** Lanes with a call in flight or about to be sent, and the steps waiting behind it. */
  private readonly busy = new Map<string, Pending<S, R>[]>();
  /** The unsent unit of each lane that has one. */
  private readonly unsent = new Map<string, Unit<S, R>>();
  /** Units not sent yet, by group, in the order made. */
  private outbox = new Map<number, Unit<S, R>[]>();
  private readonly schedule = new FlushSchedule((sendCount) => this.flush(sendCount));

  constructor(private readonly options: BatchQueueOptions<S, R>) {}

  push(step: S): Promise<R> {
    return new Promise((resolve, reject) => {
      const pending = { step, resolve, reject };
      const lane = this.options.laneOf?.(step);
      const unit = lane === undefined ? undefined : this.unsent.get(lane);
      const waiting = lane === undefined ? undefined : this.busy.get(lane);
      if (unit && unit.steps.length < MAX_STEPS_PER_CALL) {
        unit.steps.push(pending);
      } else if (waiting) {
        waiting.push(pending);
      } else {
        if (lane !== undefined) this.busy.set(lane, []);
        this.enqueue({ lane, steps: [pending] });
      }
    });
  }

  private enqueue(unit: Unit<S, R>): void {
    this.toOutbox(this.groupOf(unit), unit);
    this.schedule.soon();
  }

  private toOutbox(group: number, unit: Unit<S, R>): void {
    const units = this.outbox.get(group) ?? [];
    units.push(unit);
    this.outbox.set(group, units);
    if (unit.lane !== undefined) this.unsent.set(unit.lane, unit);
  }

  private groupOf(unit: Unit<S, R>): number {
    return this.options.groupOf((unit.steps[0] as Pending<S, R>).step);
  }

  private flush(sendCount: SendCount): void {
    const outbox = this.outbox;
    this.outbox = new Map();
    for (const [group, units] of outbox) {
      const budget = sendCount(units.reduce((n, unit) => n + unit.steps.length, 0));
      let sent = 0;
      let call: Unit<S, R>[] = [];
      let size = 0;
      for (const unit of units) {
        if (unit.lane !== undefined) this.unsent.delete(unit.lane);
        if (sent >= budget) {
          this.toOutbox(group, unit);
          continue;
        }
        if (size + unit.steps.length > MAX_STEPS_PER_CALL && size > 0) {
          void this.run(call);
          call = [];
          size = 0;
        }
        call.push(unit);
        size += unit.steps.length;
        sent += unit.steps.length;
      }
      if (size > 0) void this.run(call);
    }
    if (this.outbox.size > 0) this.schedule.later();
  }

  private async run(units: Unit<S, R>[]): Promise<void> {
    const pending = units.flatMap((unit) => unit.steps);
    try {
      const results = await this.options.send(pending.map((p) => p.step));
      pending.forEach((p, i) => {
        const result = results[i];
        if (result === undefined) p.reject(new Error(`a batched script answered ${results.length} results for ${pending.length} steps`));
        else p.resolve(result);
      });
    } catch (error) {
      // One script: on a fault none of the call's steps was written (each script checks
      // everything before its first write).
      for (const p of pending) p.reject(error);
    }
    for (const unit of units) if (unit.lane !== undefined) this.release(unit.lane);
  }

  /** The lane's call is answered: its waiting steps (up to a call's worth) go next, or the lane is free. */
  private release(lane: string): void {
    const waiting = this.busy.get(lane) ?? [];
    if (waiting.length === 0) {
      this.busy.delete(lane);
      return;
    }
    this.enqueue({ lane, steps: waiting.splice(0, MAX_STEPS_PER_CALL) });
  }
}
