import type { CheckoutState } from '../checkout/checkout-types.js';
import type { RecordsEvents } from './event-log.js';
import type { Replayable } from './replay.js';

/** What a versioned write answers: the stored state, or why nothing was written. */
export type CheckoutWriteResult =
  | { ok: true; checkout: CheckoutState }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: CheckoutState };

/**
 * Where checkouts live between requests. Each member is one atomic step (one Lua script on
 * Redis). A checkout whose `expiresAt` has passed (by the store's clock) is treated as absent
 * by every member. Values are copied in and out. Every write is safe to replay with its
 * `opId` (ports/replay.ts); every string must be well-formed Unicode (else VALIDATION_FAILED).
 */
export interface CheckoutStore {
  /** Stores a new checkout at version 1; answers false (and writes nothing) if the id exists. */
  create(checkout: CheckoutState, step?: Replayable): Promise<boolean>;

  /** The live checkout, or null when missing or expired. */
  get(id: string): Promise<CheckoutState | null>;

  /**
   * Compare-and-set: writes `checkout` (with version `expectedVersion + 1`) only if the stored
   * live checkout still has `expectedVersion`. Otherwise answers `conflict` with what is
   * stored now, or `not_found`. The caller re-reads, re-applies its change and tries again,
   * so no concurrent update is ever lost. The `events` (checkout.completed) are recorded in
   * the same step when it writes, and not at all when it refuses.
   */
  update(checkout: CheckoutState, expectedVersion: number, step?: Replayable & RecordsEvents): Promise<CheckoutWriteResult>;

  /** Removes a checkout; answers whether a live one was there. */
  delete(id: string, step?: Replayable): Promise<boolean>;
}
