import type { MoneyJSON } from '../shared/money.js';
import type { Replayable } from './replay.js';

/** An item as the store holds it: JSON-safe, times in epoch ms. Available = onHand - reserved. */
export interface StoredInventoryItem {
  sku: string;
  productName: string;
  /** Units physically in stock; below zero only for a backorderable item. */
  onHand: number;
  /** Units held by active reservations: always the sum of their lines for this SKU. */
  reserved: number;
  /** Available stock at or under this is low stock and triggers a reorder. */
  reorderPoint: number;
  /** Units asked for in a reorder; 0 turns reordering off for the item. */
  reorderQuantity: number;
  costPerUnit: MoneyJSON;
  location: string;
  supplierId: string;
  /** May available stock go below zero (reserve, subtract) for this item? */
  allowBackorder: boolean;
  /** A discontinued item cannot be reserved. */
  discontinued: boolean;
  /** A reorder was requested and no stock has been received since. */
  reorderPending: boolean;
  /** How many reorders have been requested for the item; numbers the request ids. */
  reorderCount: number;
  createdAt: number;
  updatedAt: number;
}

export type ReservationStatus = 'active' | 'confirmed' | 'released' | 'expired';

export interface ReservationLine {
  sku: string;
  quantity: number;
  /** Units of this line that were not covered by available stock (backorder); 0 normally. */
  backordered: number;
}

/** A hold on stock for one order. Only `active` reservations count in `reserved`. */
export interface Reservation {
  id: string;
  /** One line per SKU (same-SKU lines of the request summed), sorted by SKU. */
  lines: ReservationLine[];
  status: ReservationStatus;
  orderId?: string;
  createdAt: number;
  /** When an active reservation stops holding stock, epoch ms. */
  expiresAt: number;
  /** When it was confirmed, released or expired. */
  settledAt?: number;
}

export type StockMovementKind = 'receipt' | 'adjustment' | 'reservation' | 'release' | 'sale';

/**
 * One entry of the append-only stock ledger. Summing `onHandDelta` and `reservedDelta` over
 * every movement of a SKU gives its current `onHand` and `reserved`.
 */
export interface StockMovement {
  /** Store-wide increasing sequence number. */
  seq: number;
  sku: string;
  kind: StockMovementKind;
  onHandDelta: number;
  reservedDelta: number;
  /** Why: the caller's reason for receipts and adjustments, `expired`/`released` for releases. */
  reason: string;
  at: number;
  reservationId?: string;
}

/** A SKU that cannot cover a request. `available` may be negative only for backorderable items. */
export interface StockShortage {
  sku: string;
  requested: number;
  available: number;
}

/**
 * How one step changed one item. `before` is null when the step created the item.
 * `reorderRequested` is true when this step set `reorderPending` (the service then calls the
 * reorder sink): the store decides it inside the step, so exactly one request is made.
 */
export interface InventoryItemChange {
  before: StoredInventoryItem | null;
  after: StoredInventoryItem;
  reorderRequested: boolean;
}

/** Codes a step can answer with instead of writing. The service maps each to a CommerceError. */
export type InventoryStepCode =
  | 'SKU_NOT_FOUND'
  | 'SKU_EXISTS'
  | 'SKU_DISCONTINUED'
  | 'INSUFFICIENT_INVENTORY'
  | 'RESERVATION_NOT_FOUND'
  | 'RESERVATION_NOT_ACTIVE'
  | 'STOCK_NEGATIVE'
  | 'CONFLICT';

/** A refused step: nothing was written. */
export interface InventoryStepRefused {
  ok: false;
  code: InventoryStepCode;
  /** `skus` for unknown/discontinued SKUs, `shortages` for INSUFFICIENT_INVENTORY, `status` for NOT_ACTIVE, ... */
  details: Record<string, unknown>;
}

export type InventoryStepResult<T> = ({ ok: true } & T) | InventoryStepRefused;

/** The outcome of a step on a reservation: `changed` false means it was already in that state. */
export interface ReservationOutcome {
  reservation: Reservation;
  changed: boolean;
  changes: InventoryItemChange[];
}

/**
 * Stock, reservations and the movement ledger. Every member that writes is ONE atomic step:
 * it checks, then writes everything or nothing, and answers with a result (never throws for a
 * domain refusal), so a Redis adapter can run each as one Lua script and every adapter refuses
 * with the same codes. Steps take the time (`now`) and ids as arguments: the store has no clock.
 * After changing an item, each step applies the reorder rule to it: if it is not pending, not
 * discontinued, has a reorder quantity and available <= reorder point, set `reorderPending` and
 * add one to `reorderCount` (see `applyReorderRule`). A receipt (`adjust` with `add`) first
 * clears `reorderPending`. Every change of `onHand` or `reserved` appends a
 * movement in the same step. Stock is counted in whole units: a count that is not a safe
 * integer (an item's counts, a line quantity, an adjustment) is a caller's bug, rejected
 * with a VALIDATION_FAILED CommerceError (`field`, `value`) before anything is written, as is
 * a string that is not well-formed Unicode. Every step that writes is safe to replay with its
 * `opId` (ports/replay.ts): sent again, it answers its first answer, changes included.
 */
export interface InventoryStore {
  /** Creates an item (SKU_EXISTS if its SKU is taken); records a `receipt` of its initial stock when non-zero. */
  addItem(step: { item: StoredInventoryItem; reason: string; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>>;

  /** The item, or undefined. */
  getItem(sku: string): Promise<StoredInventoryItem | undefined>;

  /** The items for these SKUs, in the same order, undefined where unknown. */
  getItems(skus: readonly string[]): Promise<(StoredInventoryItem | undefined)[]>;

  /** Every item that is not discontinued and whose available stock is at or under its reorder point, by SKU. */
  listLowStockItems(): Promise<StoredInventoryItem[]>;

  /**
   * Reserves every line or none. `lines` hold distinct SKUs. Refuses in this order: CONFLICT
   * (id taken), SKU_NOT_FOUND (`skus`), SKU_DISCONTINUED (`skus`), INSUFFICIENT_INVENTORY
   * (`shortages`: every line of a non-backorderable item asking more than its available stock).
   * Adds to `reserved`, records a `reservation` movement per line, indexes the expiry.
   */
  reserve(step: {
    reservationId: string;
    lines: readonly { sku: string; quantity: number }[];
    orderId?: string;
    now: number;
    expiresAt: number;
  } & Replayable): Promise<InventoryStepResult<{ reservation: Reservation; changes: InventoryItemChange[] }>>;

  /**
   * Turns an active reservation into a sale: `onHand` and `reserved` both drop, one `sale`
   * movement per line. Already confirmed: ok with `changed` false. Released, expired, or active
   * but past `expiresAt` at `now`: RESERVATION_NOT_ACTIVE (`status`), nothing written.
   */
  confirm(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>>;

  /**
   * Frees an active reservation (`reserved` drops, one `release` movement per line, reason
   * `released`). Already released or expired: ok with `changed` false. Confirmed:
   * RESERVATION_NOT_ACTIVE, since a sale is not undone by a release.
   */
  release(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>>;

  /**
   * Moves the expiry of an active, unexpired reservation to `expiresAt` and re-indexes it.
   * Otherwise RESERVATION_NOT_ACTIVE (`status`).
   */
  extend(step: { reservationId: string; expiresAt: number; now: number } & Replayable): Promise<InventoryStepResult<{ reservation: Reservation }>>;

  /**
   * Changes `onHand` by `set`, `add` (a `receipt`) or `subtract` (`set`/`subtract` are
   * `adjustment`s). Refuses STOCK_NEGATIVE (`sku`, `onHand`, `reserved`, `requested`) when the
   * item does not allow backorder and on hand or available would go below zero.
   */
  adjust(step: {
    sku: string;
    operation: 'set' | 'add' | 'subtract';
    quantity: number;
    reason: string;
    now: number;
  } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange; movement: StockMovement }>>;

  /** Sets or clears the `discontinued` flag. */
  setDiscontinued(step: { sku: string; discontinued: boolean; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>>;

  /**
   * Expires up to `limit` active reservations whose `expiresAt` is at or before `now`, oldest
   * first (those due at the same time in no set order), as releases with reason `expired`.
   * Found through an expiry index, so the cost follows what has fallen due, not the number
   * held. `more` is true when some may be left (a store may stop early to bound one call's
   * work): call again until it is false. A sweep: no `opId`, since a repeat finds only what is
   * still due (a network adapter still makes its own resends answer the first answer).
   */
  sweepExpired(step: { now: number; limit: number }): Promise<{ expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean }>;

  /**
   * Withdraws a pending reorder (the sink refused it) if `reorderCount` still matches, so the
   * next change of the item may ask again. Answers whether it withdrew.
   */
  cancelReorder(step: { sku: string; reorderCount: number; now: number } & Replayable): Promise<boolean>;

  /** The reservation, or undefined. */
  getReservation(id: string): Promise<Reservation | undefined>;

  /** Movements of one SKU in ledger order, those with `seq` > `afterSeq`, at most `limit`. */
  listMovements(query: { sku: string; afterSeq?: number; limit: number }): Promise<StockMovement[]>;
}
