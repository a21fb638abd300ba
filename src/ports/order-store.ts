import type { Order } from '../checkout/order-types.js';
import type { OrderStatus } from '../checkout/order-status.js';
import type { RecordsEvents } from './event-log.js';
import type { Replayable } from './replay.js';

/** What a versioned write answers: the stored order, or why nothing was written. */
export type OrderWriteResult =
  | { ok: true; order: Order }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: Order };

/** One page of a listing; pass `cursor` back to get the next one. */
export interface OrderPage {
  orders: Order[];
  cursor?: string;
}

/**
 * Where orders live. Each member is one atomic step (one Lua script on Redis); the indexes
 * (by number, by customer, by status) change in the same step as the order. Values are
 * copied in and out. `create` and `update` are safe to replay with their `opId`
 * (ports/replay.ts) and record the `events` they are given (ports/event-log.ts) in the same
 * step, once; `nextSequence` takes none, since a number handed out and lost is only a
 * gap, which the sequence allows. Every string must be well-formed Unicode (else
 * VALIDATION_FAILED).
 */
export interface OrderStore {
  /**
   * The next value of the order-number sequence: 1, 2, 3, ... Atomic across processes;
   * a number is never handed out twice, though a failed placement may leave a gap.
   */
  nextSequence(): Promise<number>;

  /**
   * Stores a new order at version 1 with its indexes. Answers `duplicate_id` or
   * `duplicate_number` (and writes nothing) if either is taken.
   */
  create(order: Order, step?: Replayable & RecordsEvents): Promise<{ ok: true } | { ok: false; reason: 'duplicate_id' | 'duplicate_number' }>;

  /** The order, or null. */
  get(id: string): Promise<Order | null>;

  /** The order with this human-readable number, or null. */
  getByNumber(number: string): Promise<Order | null>;

  /**
   * Compare-and-set: writes `order` (version `expectedVersion + 1`, indexes moved to its new
   * status) only if the stored order still has `expectedVersion`; otherwise answers
   * `conflict` with the stored order, or `not_found`.
   */
  update(order: Order, expectedVersion: number, step?: Replayable & RecordsEvents): Promise<OrderWriteResult>;

  /** A customer's orders, newest first (by `createdAt`, then id), `limit` per page. */
  listByCustomer(customerId: string, options: { limit: number; cursor?: string }): Promise<OrderPage>;

  /** Orders in a status, oldest first (by `createdAt`, then id), `limit` per page. */
  listByStatus(status: OrderStatus, options: { limit: number; cursor?: string }): Promise<OrderPage>;
}
