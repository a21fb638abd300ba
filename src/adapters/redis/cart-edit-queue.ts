import type { LineResult } from '../../ports/cart-store.js';
import type { LineEdit } from './cart-line-batch.js';
import { FlushSchedule, type SendCount } from './flush-schedule.js';

/** Most line edits sent in one script call. */
export const MAX_BATCH = 64;

interface Pending {
  edit: LineEdit;
  resolve: (result: LineResult) => void;
  reject: (error: unknown) => void;
}

/** Sends one batch: each cart's edits in order; answers each cart's results, carts in map order. */
export type SendBatch = (carts: ReadonlyMap<string, readonly { readonly edit: LineEdit }[]>) => Promise<readonly (readonly LineResult[])[]>;

/**
 * Groups line edits into few script calls, without ever holding an edit back for longer
 * than the current tick.
 *
 * - A cart has at most one batch in flight. Its edits that arrive meanwhile wait, and go
 *   together as its part of the next batch once the answer is in (so the store's copy of
 *   the cart is current when they are sent, and 50 concurrent adds to one cart take a few
 *   calls, not 50 whole-cart replies). Edits made in the same tick join its unsent batch.
 * - Edits that are ready to go in the same tick (after every pending promise callback has
 *   run) are sent as ONE call per group, whatever their carts. The store picks the groups:
 *   a cart shard (its carts share a hash tag, so one script may touch them all on a
 *   cluster), or one group for every cart on a single server. Under load, answers arrive
 *   in bunches and the next edits they release go out together.
 * - When a group has many edits waiting, the carts holding about half of them go now and
 *   the others one event-loop turn later (flush-schedule.ts); they stay unsent meanwhile,
 *   so their carts' new edits still join them.
 */
export class CartEditQueue {
  /** Carts with a batch in flight or about to be sent, and the edits waiting behind it. */
  private readonly busy = new Map<string, Pending[]>();
  /** Edits not sent yet, in arrival order of their carts: group -> cart -> edits. */
  private outbox = new Map<number, Map<string, Pending[]>>();
  private readonly schedule = new FlushSchedule((sendCount) => this.flush(sendCount));

  constructor(
    private readonly groupOf: (cartId: string) => number,
    private readonly send: SendBatch,
  ) {}

  push(cartId: string, edit: LineEdit): Promise<LineResult> {
    return new Promise((resolve, reject) => {
      const pending = { edit, resolve, reject };
      const waiting = this.busy.get(cartId);
      if (waiting) {
        // Not sent yet (same tick): join that batch; else wait for the in-flight one.
        const unsent = waiting.length === 0 ? this.outbox.get(this.groupOf(cartId))?.get(cartId) : undefined;
        if (unsent && unsent.length < MAX_BATCH) unsent.push(pending);
        else waiting.push(pending);
        return;
      }
      this.busy.set(cartId, []);
      this.enqueue(cartId, [pending]);
    });
  }

  private enqueue(cartId: string, edits: Pending[]): void {
    this.toOutbox(this.groupOf(cartId), cartId, edits);
    this.schedule.soon();
  }

  private flush(sendCount: SendCount): void {
    const outbox = this.outbox;
    this.outbox = new Map();
    for (const [group, carts] of outbox) {
      let waiting = 0;
      for (const edits of carts.values()) waiting += edits.length;
      const budget = sendCount(waiting);
      let sent = 0;
      let batch = new Map<string, Pending[]>();
      let size = 0;
      for (const [cartId, edits] of carts) {
        if (sent >= budget) {
          this.toOutbox(group, cartId, edits);
          continue;
        }
        if (size + edits.length > MAX_BATCH && size > 0) {
          void this.run(batch);
          batch = new Map();
          size = 0;
        }
        batch.set(cartId, edits);
        size += edits.length;
        sent += edits.length;
      }
      if (size > 0) void this.run(batch);
    }
    if (this.outbox.size > 0) this.schedule.later();
  }

  /** Puts a cart's unsent edits in the outbox, behind those already there. */
  private toOutbox(group: number, cartId: string, edits: Pending[]): void {
    const carts = this.outbox.get(group) ?? new Map<string, Pending[]>();
    carts.set(cartId, edits);
    this.outbox.set(group, carts);
  }

  private async run(batch: Map<string, Pending[]>): Promise<void> {
    try {
      const results = await this.send(batch);
      let j = 0;
      for (const [cartId, pending] of batch) {
        const answers = results[j++];
        pending.forEach((p, i) => {
          const result = answers?.[i];
          if (result) p.resolve(result);
          else p.reject(new Error(`cart-line-batch answered no result for an edit of cart ${cartId}`));
        });
      }
    } catch (error) {
      // One script: on a fault none of the batch's edits was written.
      for (const pending of batch.values()) for (const p of pending) p.reject(error);
    }
    for (const cartId of batch.keys()) this.release(cartId);
  }

  /** The cart's batch is answered: its waiting edits (up to MAX_BATCH) go next, or the cart is free. */
  private release(cartId: string): void {
    const waiting = this.busy.get(cartId) ?? [];
    if (waiting.length === 0) {
      this.busy.delete(cartId);
      return;
    }
    const next = waiting.splice(0, MAX_BATCH);
    this.enqueue(cartId, next);
  }
}
