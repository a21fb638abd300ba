import type { InventoryItemChange, Reservation, ReservationLine, StoredInventoryItem } from '../../ports/inventory-store.js';

/**
 * How the Redis InventoryStore keeps items and reservations: as the body of a JSON array whose
 * head holds every value a script reads or changes, as plain numbers, so the scripts work on
 * text with one pattern match and one string.format, never decoding or encoding JSON (in
 * Redis's Lua a cjson round trip of an item costs more than the rest of a reservation).
 * Scripts answer these records in brackets and the functions here rebuild the port's objects.
 * The layouts are in docs/redis.md and lua/lib/inventory-item.lua, inventory-reservation.lua.
 */

/** An item record as the scripts answer it: the head, then the other fields as one object. */
export type ItemRecord = [
  onHand: number,
  reserved: number,
  reorderPoint: number,
  reorderQuantity: number,
  reorderCount: number,
  updatedAt: number,
  allowBackorder: 0 | 1,
  discontinued: 0 | 1,
  reorderPending: 0 | 1,
  rest: Omit<StoredInventoryItem, HeadField>,
];

type HeadField = 'onHand' | 'reserved' | 'reorderPoint' | 'reorderQuantity' | 'reorderCount' | 'updatedAt' | 'allowBackorder' | 'discontinued' | 'reorderPending';

/** The text the items hash holds for an item: `onHand,...,reorderPending,{rest}`. */
export function itemRecord(item: StoredInventoryItem): string {
  const { onHand, reserved, reorderPoint, reorderQuantity, reorderCount, updatedAt, allowBackorder, discontinued, reorderPending, ...rest } = item;
  const flag = (b: boolean): string => (b ? '1' : '0');
  return `${onHand},${reserved},${reorderPoint},${reorderQuantity},${reorderCount},${updatedAt},${flag(allowBackorder)},${flag(discontinued)},${flag(reorderPending)},${JSON.stringify(rest)}`;
}

export function decodeItem(record: ItemRecord): StoredInventoryItem {
  const [onHand, reserved, reorderPoint, reorderQuantity, reorderCount, updatedAt, allowBackorder, discontinued, reorderPending, rest] = record;
  // Every field named (no spread of `rest`): V8 builds this object several times faster, and
  // the type checker still flags a field added to StoredInventoryItem and missed here.
  return {
    sku: rest.sku,
    productName: rest.productName,
    onHand,
    reserved,
    reorderPoint,
    reorderQuantity,
    costPerUnit: rest.costPerUnit,
    location: rest.location,
    supplierId: rest.supplierId,
    allowBackorder: allowBackorder === 1,
    discontinued: discontinued === 1,
    reorderPending: reorderPending === 1,
    reorderCount,
    createdAt: rest.createdAt,
    updatedAt,
  };
}

/** A change as the scripts answer it: before (null when created), after, reorderRequested. */
export type ChangeRecord = [before: ItemRecord | null, after: ItemRecord, reorderRequested: boolean];

export function decodeChange([before, after, reorderRequested]: ChangeRecord): InventoryItemChange {
  return { before: before && decodeItem(before), after: decodeItem(after), reorderRequested };
}

/**
 * A reservation record: status, createdAt, expiresAt, settledAt (or null), then sku,
 * quantity, backordered of each line, then the id and the order id (or null).
 */
export type ReservationRecord = [Reservation['status'], number, number, number | null, ...(string | number | null)[]];

export function decodeReservation(record: ReservationRecord): Reservation {
  const [status, createdAt, expiresAt, settledAt, ...rest] = record;
  const orderId = rest.pop() as string | null;
  const id = rest.pop() as string;
  const lines: ReservationLine[] = [];
  for (let i = 0; i < rest.length; i += 3) lines.push({ sku: rest[i] as string, quantity: rest[i + 1] as number, backordered: rest[i + 2] as number });
  return {
    id,
    lines,
    status,
    ...(orderId === null ? {} : { orderId }),
    createdAt,
    expiresAt,
    ...(settledAt === null ? {} : { settledAt }),
  };
}
