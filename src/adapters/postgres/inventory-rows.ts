import type { Reservation, ReservationLine, ReservationStatus, StockMovement, StockMovementKind, StoredInventoryItem } from '../../ports/inventory-store.js';
import type { PgQueryable } from './client.js';
import type { PgSteps } from './steps.js';

/** An inventory_items row as node-postgres answers it (bigint columns arrive as strings). */
export interface ItemRow {
  sku: string;
  product_name: string;
  on_hand: string;
  reserved: string;
  reorder_point: string;
  reorder_quantity: string;
  cost_amount: string;
  cost_currency: string;
  location: string;
  supplier_id: string;
  allow_backorder: boolean;
  discontinued: boolean;
  reorder_pending: boolean;
  reorder_count: string;
  created_at: string;
  updated_at: string;
}

export function itemOf(row: ItemRow): StoredInventoryItem {
  return {
    sku: row.sku,
    productName: row.product_name,
    onHand: Number(row.on_hand),
    reserved: Number(row.reserved),
    reorderPoint: Number(row.reorder_point),
    reorderQuantity: Number(row.reorder_quantity),
    costPerUnit: { amount: row.cost_amount, currency: row.cost_currency },
    location: row.location,
    supplierId: row.supplier_id,
    allowBackorder: row.allow_backorder,
    discontinued: row.discontinued,
    reorderPending: row.reorder_pending,
    reorderCount: Number(row.reorder_count),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface ReservationRow {
  id: string;
  status: ReservationStatus;
  order_id: string | null;
  lines: ReservationLine[];
  created_at: string;
  expires_at: string;
  settled_at: string | null;
}

export function reservationOf(row: ReservationRow): Reservation {
  return {
    id: row.id,
    lines: row.lines,
    status: row.status,
    ...(row.order_id === null ? {} : { orderId: row.order_id }),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    ...(row.settled_at === null ? {} : { settledAt: Number(row.settled_at) }),
  };
}

export interface MovementRow {
  seq: string;
  sku: string;
  kind: StockMovementKind;
  on_hand_delta: string;
  reserved_delta: string;
  reason: string;
  at: string;
  reservation_id: string | null;
}

export function movementOf(row: MovementRow): StockMovement {
  return {
    seq: Number(row.seq),
    sku: row.sku,
    kind: row.kind,
    onHandDelta: Number(row.on_hand_delta),
    reservedDelta: Number(row.reserved_delta),
    reason: row.reason,
    at: Number(row.at),
    ...(row.reservation_id === null ? {} : { reservationId: row.reservation_id }),
  };
}

/** A movement a step appends (its `seq` comes from the table's sequence). */
export type NewMovement = Omit<StockMovement, 'seq'>;

/**
 * The statements of the inventory store on its tables. Items are read with FOR UPDATE in SKU
 * order, so two steps touching the same SKUs lock them in the same order and never deadlock.
 */
export class InventoryTables {
  constructor(private readonly pg: PgSteps) {}

  /** Locks and reads the items of `skus` (distinct), in SKU order; unknown SKUs are absent. */
  async lockItems(tx: PgQueryable, skus: readonly string[]): Promise<Map<string, StoredInventoryItem>> {
    const { rows } = await tx.query<ItemRow>(`SELECT * FROM ${this.pg.t('inventory_items')} WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`, [skus]);
    return new Map(rows.map((row) => [row.sku, itemOf(row)]));
  }

  /** Writes the changing fields of each item back (the items were locked by this transaction). */
  async saveItems(tx: PgQueryable, items: readonly StoredInventoryItem[]): Promise<void> {
    if (items.length === 0) return;
    await tx.query(
      `UPDATE ${this.pg.t('inventory_items')} AS i
          SET on_hand = v.on_hand, reserved = v.reserved, discontinued = v.discontinued,
              reorder_pending = v.reorder_pending, reorder_count = v.reorder_count, updated_at = v.updated_at
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::boolean[], $5::boolean[], $6::bigint[], $7::bigint[])
              AS v(sku, on_hand, reserved, discontinued, reorder_pending, reorder_count, updated_at)
        WHERE i.sku = v.sku`,
      [
        items.map((i) => i.sku),
        items.map((i) => i.onHand),
        items.map((i) => i.reserved),
        items.map((i) => i.discontinued),
        items.map((i) => i.reorderPending),
        items.map((i) => i.reorderCount),
        items.map((i) => i.updatedAt),
      ],
    );
  }

  /** Appends movements in the given order; answers them with their sequence numbers. */
  async appendMovements(tx: PgQueryable, movements: readonly NewMovement[]): Promise<StockMovement[]> {
    if (movements.length === 0) return [];
    const { rows } = await tx.query<MovementRow>(
      `INSERT INTO ${this.pg.t('stock_movements')} (sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id)
       SELECT sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::text[]) WITH ORDINALITY
              AS m(sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id, n)
        ORDER BY n
       RETURNING *`,
      [
        movements.map((m) => m.sku),
        movements.map((m) => m.kind),
        movements.map((m) => m.onHandDelta),
        movements.map((m) => m.reservedDelta),
        movements.map((m) => m.reason),
        movements.map((m) => m.at),
        movements.map((m) => m.reservationId ?? null),
      ],
    );
    return rows.map(movementOf).sort((a, b) => a.seq - b.seq);
  }

  /** Writes a reservation's status, expiry and settlement time. */
  async saveReservation(tx: PgQueryable, reservation: Reservation): Promise<void> {
    await tx.query(`UPDATE ${this.pg.t('reservations')} SET status = $2, expires_at = $3, settled_at = $4 WHERE id = $1`, [
      reservation.id,
      reservation.status,
      reservation.expiresAt,
      reservation.settledAt ?? null,
    ]);
  }

  /** Locks and reads one reservation. */
  async lockReservation(tx: PgQueryable, id: string): Promise<Reservation | undefined> {
    const { rows } = await tx.query<ReservationRow>(`SELECT * FROM ${this.pg.t('reservations')} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && reservationOf(rows[0]);
  }
}
