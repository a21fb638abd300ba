import type { InventoryStepRefused, Reservation, ReservationLine, StockShortage, StoredInventoryItem } from '../ports/inventory-store.js';
import { CommerceError } from '../shared/errors.js';

/**
 * The rules of stock, once: every inventory store applies them inside its steps (the Redis
 * scripts mirror them in lua/lib/inventory-item.lua and lua/inventory-reserve.lua, pinned
 * against the memory store by test/redis/inventory-differential.property.test.ts).
 */

/** Where an item stands, from the shopper's point of view. */
export type InventoryStatus = 'in_stock' | 'low_stock' | 'out_of_stock' | 'backordered' | 'discontinued';

/** On hand minus reserved. Negative only for a backorderable item. */
export function availableOf(item: Pick<StoredInventoryItem, 'onHand' | 'reserved'>): number {
  return item.onHand - item.reserved;
}

/**
 * Discontinued wins; then nothing available is out of stock, or backordered when the item may
 * be sold below zero; then at or under the reorder point is low stock.
 */
export function statusOf(item: Pick<StoredInventoryItem, 'onHand' | 'reserved' | 'reorderPoint' | 'allowBackorder' | 'discontinued'>): InventoryStatus {
  if (item.discontinued) return 'discontinued';
  const available = availableOf(item);
  if (available <= 0) return item.allowBackorder ? 'backordered' : 'out_of_stock';
  return available <= item.reorderPoint ? 'low_stock' : 'in_stock';
}

/**
 * The stock events a change of status is news for (besides `inventory.status_changed` on the
 * bus): entering low stock, or running out (out of stock, or backordered for an item sold
 * below zero). The bus (ChangeEffects) and the durable events (inventory-event-records.ts,
 * mirrored by lua/lib/inventory-events.lua) both ask this.
 */
export function crossingTypesOf(previous: InventoryStatus | null, status: InventoryStatus): ('inventory.low_stock' | 'inventory.out_of_stock')[] {
  if (status === previous) return [];
  if (status === 'low_stock') return ['inventory.low_stock'];
  if (status === 'out_of_stock' || status === 'backordered') return ['inventory.out_of_stock'];
  return [];
}

/**
 * The reorder rule every store step applies to each item it changed, inside the step: at most
 * one pending reorder per item, so concurrent steps that both take stock under the point
 * cannot both ask. Mutates `item`; answers whether a reorder is now requested.
 */
export function applyReorderRule(item: StoredInventoryItem): boolean {
  if (item.reorderPending || item.discontinued || item.reorderQuantity <= 0) return false;
  if (availableOf(item) > item.reorderPoint) return false;
  item.reorderPending = true;
  item.reorderCount += 1;
  return true;
}

/**
 * Why a reservation of `lines` (distinct SKUs) cannot be made, given each line's item
 * (undefined when unknown), or undefined when it can. In this order: SKU_NOT_FOUND (`skus`),
 * SKU_DISCONTINUED (`skus`), INSUFFICIENT_INVENTORY (`shortages`: every line of an item that
 * is not backorderable asking more than its available stock).
 */
export function reserveRefusal(lines: readonly { sku: string; quantity: number }[], itemOf: (sku: string) => StoredInventoryItem | undefined): InventoryStepRefused | undefined {
  const missing: string[] = [];
  const discontinued: string[] = [];
  const shortages: StockShortage[] = [];
  for (const line of lines) {
    const item = itemOf(line.sku);
    if (!item) missing.push(line.sku);
    else if (item.discontinued) discontinued.push(line.sku);
    else if (!item.allowBackorder && availableOf(item) < line.quantity) shortages.push({ sku: line.sku, requested: line.quantity, available: availableOf(item) });
  }
  if (missing.length > 0) return { ok: false, code: 'SKU_NOT_FOUND', details: { skus: missing } };
  if (discontinued.length > 0) return { ok: false, code: 'SKU_DISCONTINUED', details: { skus: discontinued } };
  if (shortages.length > 0) return { ok: false, code: 'INSUFFICIENT_INVENTORY', details: { shortages } };
  return undefined;
}

/**
 * A reservation line taking its units from the item, once every check of the reservation has
 * passed (every store's reserve does this, then applies the reorder rule): `reserved` grows,
 * the item is touched now, and the part of the quantity that available stock did not cover
 * is backordered. Mutates `item`; answers the reservation's line.
 */
export function reserveStock(item: StoredInventoryItem, line: { sku: string; quantity: number }, now: number): ReservationLine {
  const backordered = Math.max(0, line.quantity - Math.max(0, availableOf(item)));
  item.reserved += line.quantity;
  item.updatedAt = now;
  return { sku: line.sku, quantity: line.quantity, backordered };
}

/**
 * Ends one line of an active reservation: a sale (`confirmed`) takes its units off the shelf,
 * a release or an expiry only frees them. Mutates `item`; the reorder rule follows.
 */
export function settleStock(item: StoredInventoryItem, quantity: number, status: 'confirmed' | 'released' | 'expired', now: number): void {
  item.reserved -= quantity;
  if (status === 'confirmed') item.onHand -= quantity;
  item.updatedAt = now;
}

/** The on-hand count an adjustment asks for: set to, add to or subtract from the current one. */
export function adjustedOnHand(item: StoredInventoryItem, operation: 'set' | 'add' | 'subtract', quantity: number): number {
  return operation === 'set' ? quantity : operation === 'add' ? item.onHand + quantity : item.onHand - quantity;
}

/** STOCK_NEGATIVE when an item that does not allow backorder would go below zero on hand or available at `onHand`. */
export function adjustRefusal(item: StoredInventoryItem, onHand: number): InventoryStepRefused | undefined {
  if (item.allowBackorder || (onHand >= 0 && onHand - item.reserved >= 0)) return undefined;
  return { ok: false, code: 'STOCK_NEGATIVE', details: { sku: item.sku, onHand: item.onHand, reserved: item.reserved, requested: onHand } };
}

/** The reservation a reserve step creates: active, with the step's id, order id and times. */
export function newReservation(step: { reservationId: string; orderId?: string; now: number; expiresAt: number }, lines: ReservationLine[]): Reservation {
  return {
    id: step.reservationId,
    lines,
    status: 'active',
    ...(step.orderId === undefined ? {} : { orderId: step.orderId }),
    createdAt: step.now,
    expiresAt: step.expiresAt,
  };
}

/** A copy of an item that shares nothing with it. */
export function copyItem(item: StoredInventoryItem): StoredInventoryItem {
  return { ...item, costPerUnit: { ...item.costPerUnit } };
}

/** Sums same-SKU lines and sorts by SKU, so every adapter locks and writes in one order. */
export function mergeLines(lines: readonly { sku: string; quantity: number }[]): { sku: string; quantity: number }[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Stores count stock in whole units. A count that is not a safe integer is a caller's bug
 * (the services never pass one): both adapters refuse it with this error before writing
 * anything, where the Redis scripts would otherwise write it with %d, cutting 1.5 to 1,
 * and the two adapters would disagree. Undefined when the count is whole.
 */
export function unitCountError(name: string, value: number): CommerceError | undefined {
  if (Number.isSafeInteger(value)) return undefined;
  return new CommerceError('VALIDATION_FAILED', { reason: `${name} must be a whole number of units`, field: name, value });
}

/** `unitCountError` for the counts of an item a store is asked to create. */
export function itemCountError(item: StoredInventoryItem): CommerceError | undefined {
  return (
    unitCountError('onHand', item.onHand) ??
    unitCountError('reserved', item.reserved) ??
    unitCountError('reorderPoint', item.reorderPoint) ??
    unitCountError('reorderQuantity', item.reorderQuantity) ??
    unitCountError('reorderCount', item.reorderCount)
  );
}

/** `unitCountError` for the line quantities of a reservation. */
export function lineCountError(lines: readonly { quantity: number }[]): CommerceError | undefined {
  for (const line of lines) {
    const error = unitCountError('quantity', line.quantity);
    if (error) return error;
  }
  return undefined;
}
