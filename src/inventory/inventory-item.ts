import type { StoredInventoryItem } from '../ports/inventory-store.js';
import { Money } from '../shared/money.js';
import { availableOf, statusOf, type InventoryStatus } from './stock-rules.js';

/** An item as the service shows it: the stored fields plus what follows from them. */
export interface InventoryItem {
  sku: string;
  productName: string;
  onHand: number;
  reserved: number;
  /** On hand minus reserved; negative only when backordered. */
  available: number;
  status: InventoryStatus;
  reorderPoint: number;
  reorderQuantity: number;
  costPerUnit: Money;
  location: string;
  supplierId: string;
  allowBackorder: boolean;
  discontinued: boolean;
  /** A reorder was requested and no stock has been received since. */
  reorderPending: boolean;
  createdAt: number;
  updatedAt: number;
}

export function toInventoryItem(stored: StoredInventoryItem): InventoryItem {
  return {
    sku: stored.sku,
    productName: stored.productName,
    onHand: stored.onHand,
    reserved: stored.reserved,
    available: availableOf(stored),
    status: statusOf(stored),
    reorderPoint: stored.reorderPoint,
    reorderQuantity: stored.reorderQuantity,
    costPerUnit: Money.fromJSON(stored.costPerUnit),
    location: stored.location,
    supplierId: stored.supplierId,
    allowBackorder: stored.allowBackorder,
    discontinued: stored.discontinued,
    reorderPending: stored.reorderPending,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
