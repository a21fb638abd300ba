/**
 * When the batching queues (cart edits, reserves) send what is waiting, and how much of it.
 *
 * - What is ready in the current tick is sent at its end (`process.nextTick`, once the
 *   running promise callbacks are done), so the steps released by one bunch of answers
 *   share calls and none waits for a timer.
 * - When many steps are waiting, a flush sends about half of them and keeps the rest, in
 *   order, for a flush one event-loop turn later (`setImmediate`) that sends them all, with
 *   the steps that arrived meanwhile behind them. The two calls reach Redis apart: Redis
 *   works on the first while Node sends the second, and the first answer comes back on its
 *   own while Redis works on the second. Under load the callers fall into two groups that
 *   take turns, and Node's and Redis's work overlap instead of alternating, for twice the
 *   calls per step. Splitting smaller groups than SPLIT_AT made more calls and cost Node
 *   more CPU for no more overlap (docs/redis-performance.md, Two calls in flight).
 */

/** Fewer waiting steps than this are all sent at once. */
const SPLIT_AT = 32;

/** How many of `waiting` steps (the first ones) a flush sends now. */
export type SendCount = (waiting: number) => number;

/** A first flush: about half of many, all of a few. */
const halfOfMany: SendCount = (waiting) => (waiting >= SPLIT_AT ? Math.ceil(waiting / 2) : waiting);

/** The flush of steps held back: all of them. */
const all: SendCount = (waiting) => waiting;

/** Runs `flush` at most once per schedule: soon (end of tick), or `later` (next event-loop turn). */
export class FlushSchedule {
  private scheduled = false;
  private held = false;

  constructor(private readonly flush: (sendCount: SendCount) => void) {}

  /** Asks for a flush at the end of this tick, unless one is already coming. */
  soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(this.run);
  }

  /** Asks for a flush one event-loop turn from now (for steps a flush held back). */
  later(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.held = true;
    setImmediate(this.run);
  }

  private readonly run = (): void => {
    const sendCount = this.held ? all : halfOfMany;
    this.scheduled = false;
    this.held = false;
    this.flush(sendCount);
  };
}
