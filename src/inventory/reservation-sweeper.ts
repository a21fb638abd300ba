import type { InventoryService } from './inventory-service.js';

export interface ReservationSweeperOptions {
  /** Time between sweeps. Default one minute. */
  intervalMs?: number;
  /** Told about each sweep that failed (a CommerceError); the next tick tries again. */
  onError?: (error: unknown) => void;
  /** Told how many reservations each sweep expired. */
  onSweep?: (expired: number) => void;
}

/**
 * The opt-in runner of `sweepExpiredReservations`: nothing runs until `start()`, and `stop()`
 * ends it and waits for a sweep in flight. A tick that finds the previous sweep still running
 * skips, so sweeps never overlap. The timer is unref'd: it never keeps the process alive.
 */
export class ReservationSweeper {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly inventory: Pick<InventoryService, 'sweepExpiredReservations'>,
    private readonly options: ReservationSweeperOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    if (!Number.isSafeInteger(this.intervalMs) || this.intervalMs <= 0) throw new RangeError('ReservationSweeper: intervalMs must be a positive integer');
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.sweepNow(), this.intervalMs);
    this.timer.unref?.();
    return this;
  }

  /** Runs one sweep now (or joins the one in flight). */
  sweepNow(): Promise<void> {
    this.inFlight ??= this.inventory
      .sweepExpiredReservations()
      .then((expired) => this.options.onSweep?.(expired), (error: unknown) => this.options.onError?.(error))
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }
}
