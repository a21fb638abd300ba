import type { CheckoutState } from '../checkout/checkout-types.js';

/** What a versioned write answers: the stored state, or why nothing was written. */
export type CheckoutWriteResult =
  | { ok: true; checkout: CheckoutState }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: CheckoutState };

/**
 * Where checkouts live between requests. Each member is one atomic step (one Lua script on
 * Redis). A checkout whose `expiresAt` has passed (by the store's clock) is treated as absent
 * by every member. Values are copied in and out.
 */
export interface CheckoutStore {
  /** Stores a new checkout at version 1; answers false (and writes nothing) if the id exists. */
  create(checkout: CheckoutState): Promise<boolean>;

  /** The live checkout, or null when missing or expired. */
  get(id: string): Promise<CheckoutState | null>;

  /**
   * Compare-and-set: writes `checkout` (with version `expectedVersion + 1`) only if the stored
   * live checkout still has `expectedVersion`. Otherwise answers `conflict` with what is
   * stored now, or `not_found`. The caller re-reads, re-applies its change and tries again,
   * so no concurrent update is ever lost.
   */
  update(checkout: CheckoutState, expectedVersion: number): Promise<CheckoutWriteResult>;

  /** Removes a checkout; answers whether one was there. */
  delete(id: string): Promise<boolean>;
}
