import type { InventoryStore } from '../../ports/inventory-store.js';

/** One `InventoryStore.reserve` step, and its answer. */
export type ReserveStep = Parameters<InventoryStore['reserve']>[0];
export type ReserveResult = Awaited<ReturnType<InventoryStore['reserve']>>;

/** Most reservations sent in one script call. */
export const MAX_RESERVES_PER_CALL = 64;

interface Pending {
  step: ReserveStep;
  resolve: (result: ReserveResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups reserve steps into few script calls, without ever holding one back for longer than
 * the current tick: the steps that are ready to go in the same tick (after every pending
 * promise callback has run) are sent together, in arrival order, as one call per
 * MAX_RESERVES_PER_CALL. Under load, answers arrive in bunches and the reserves they release
 * go out together, so they share one call's fixed costs on the Redis core that serialises the
 * store. Nothing waits for a call in flight: several may be, and Redis applies them in the
 * order it receives them.
 */
export class InventoryReserveQueue {
  private outbox: Pending[] = [];

  /** `send` answers one result per step, in order; a rejection fails every step of the call. */
  constructor(private readonly send: (steps: readonly ReserveStep[]) => Promise<readonly ReserveResult[]>) {}

  push(step: ReserveStep): Promise<ReserveResult> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ step, resolve, reject });
      // process.nextTick runs once the current run of promise callbacks is over, so every
      // step released by the same bunch of answers joins the call.
      if (this.outbox.length === 1) process.nextTick(() => this.flush());
    });
  }

  private flush(): void {
    const outbox = this.outbox;
    this.outbox = [];
    for (let i = 0; i < outbox.length; i += MAX_RESERVES_PER_CALL) void this.run(outbox.slice(i, i + MAX_RESERVES_PER_CALL));
  }

  private async run(batch: Pending[]): Promise<void> {
    let results: readonly ReserveResult[];
    try {
      results = await this.send(batch.map((p) => p.step));
    } catch (error) {
      // Every step of the call fails with its error. The script decides every step before it
      // writes, so one that failed (a read of a key of the wrong type) wrote none of them.
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const result = results[i];
      if (result === undefined) p.reject(new Error(`inventory-reserve answered ${results.length} results for ${batch.length} reservations`));
      else p.resolve(result);
    });
  }
}
