import type { ReorderRequest } from '../ports/reorder-sink.js';
import type { Reservation, StockMovement } from '../ports/inventory-store.js';
import type { InventoryStatus } from './stock-rules.js';

/** An item's stock level when its status changed. */
export interface StockLevelChanged {
  sku: string;
  productName: string;
  status: InventoryStatus;
  /** Null when the item was just added. */
  previousStatus: InventoryStatus | null;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  at: number;
}

export interface ReservationSettled {
  reservation: Reservation;
  at: number;
}

export interface StockUpdated {
  sku: string;
  operation: 'set' | 'add' | 'subtract';
  quantity: number;
  movement: StockMovement;
  onHand: number;
  available: number;
}

/** What the inventory service emits, always after the change is stored. */
export type InventoryEvents = {
  /** Stock was put on hold for an order. */
  'inventory.reserved': ReservationSettled;
  /** A reservation became a sale. */
  'inventory.reservation_confirmed': ReservationSettled;
  /** A reservation was released by the caller. */
  'inventory.reservation_released': ReservationSettled;
  /** A reservation ran out of time and was released by the sweep. */
  'inventory.reservation_expired': ReservationSettled;
  /** `updateStock` changed on-hand stock. */
  'inventory.stock_updated': StockUpdated;
  /** Any change of status (including back to `in_stock`). */
  'inventory.status_changed': StockLevelChanged;
  /** The status became `low_stock`. */
  'inventory.low_stock': StockLevelChanged;
  /** The status became `out_of_stock` or `backordered`: nothing is available. */
  'inventory.out_of_stock': StockLevelChanged;
  /** A reorder went to the reorder sink (or would have: emitted even without a sink). */
  'inventory.reorder_requested': ReorderRequest;
};
