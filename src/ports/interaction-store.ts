import type { Replayable } from './replay.js';

/** What a shopper did with a product. `return` undoes a purchase. */
export type InteractionType = 'view' | 'cart' | 'purchase' | 'return';

/** One recorded interaction, as stored: JSON-safe, time in epoch ms. */
export interface StoredInteraction {
  /** Who acted. */
  userId: string;
  /** On which product. */
  productId: string;
  /** What they did. */
  type: InteractionType;
  /** Strength of the signal; the engine fills in the per-type default when the caller gave none. */
  weight: number;
  /** When it happened, epoch ms (from the Clock port unless the caller gave a time). */
  at: number;
  /** The browsing session, if known. */
  sessionId?: string;
  /** The order (basket) a purchase belongs to, if known: drives "frequently bought together". */
  orderId?: string;
}

/** A time range over interactions: `from` inclusive, `to` exclusive, both epoch ms, both optional. */
export interface TimeRange {
  /** Earliest time included; unbounded when absent. */
  from?: number;
  /** First time excluded; unbounded when absent. */
  to?: number;
}

/**
 * The interaction log of the recommendation engine. Append-only: the engine never rewrites
 * history, so there is no read-modify-write and each member is one store step (a Redis adapter
 * can keep a sorted set by time plus one list per user, written together in one script).
 * Reads return copies ordered by time, ties in append order. Appends are safe to replay
 * with their `opId` (ports/replay.ts): sent again, they append nothing more. Every string must
 * be well-formed Unicode (else VALIDATION_FAILED).
 */
export interface InteractionStore {
  /** Appends one interaction. */
  append(interaction: StoredInteraction, step?: Replayable): Promise<void>;
  /** Appends many interactions as one step: either all are stored or none. */
  appendMany(interactions: readonly StoredInteraction[], step?: Replayable): Promise<void>;
  /** Every interaction of one user, oldest first (empty for an unknown user). */
  listByUser(userId: string): Promise<StoredInteraction[]>;
  /** Every interaction with `from <= at < to`, oldest first. */
  listByTimeRange(range: TimeRange): Promise<StoredInteraction[]>;
  /** How many interactions are stored. */
  count(): Promise<number>;
}
