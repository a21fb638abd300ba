import type { InventoryStore } from '../../ports/inventory-store.js';
import { FlushSchedule, type SendCount } from './flush-schedule.js';

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
 * Groups reserve steps into few script calls: the steps that are ready to go in the same
 * tick are sent together, in arrival order, up to MAX_RESERVES_PER_CALL per call; when many
 * are waiting, about half go now and the rest one event-loop turn later (flush-schedule.ts).
 * Under load, answers arrive in bunches and the reserves they release go out together, so
 * they share one call's fixed costs on the Redis core that serialises the store. Nothing
 * waits for a call in flight: several may be, and Redis applies them in the order it
 * receives them, which is the order they were made.
 */
export class InventoryReserveQueue {
  private outbox: Pending[] = [];
  private readonly schedule = new FlushSchedule((sendCount) => this.flush(sendCount));

  /** `send` answers one result per step, in order; a rejection fails every step of the call. */
  constructor(private readonly send: (steps: readonly ReserveStep[]) => Promise<readonly ReserveResult[]>) {}

  push(step: ReserveStep): Promise<ReserveResult> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ step, resolve, reject });
      this.schedule.soon();
    });
  }

  private flush(sendCount: SendCount): void {
    const now = this.outbox.splice(0, sendCount(this.outbox.length));
    for (let i = 0; i < now.length; i += MAX_RESERVES_PER_CALL) void this.run(now.slice(i, i + MAX_RESERVES_PER_CALL));
    if (this.outbox.length > 0) this.schedule.later();
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
