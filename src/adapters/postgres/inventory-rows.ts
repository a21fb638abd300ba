import type { Reservation, ReservationLine, ReservationStatus, StockMovement, StockMovementKind, StoredInventoryItem } from '../../ports/inventory-store.js';
import type { PgQueryable } from './client.js';
import { literal } from './sql-text.js';
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

/** The changing fields of items as column arrays, for an UPDATE ... FROM unnest(...). */
function itemColumns(items: readonly StoredInventoryItem[]): unknown[] {
  return [
    items.map((i) => i.sku),
    items.map((i) => i.onHand),
    items.map((i) => i.reserved),
    items.map((i) => i.discontinued),
    items.map((i) => i.reorderPending),
    items.map((i) => i.reorderCount),
    items.map((i) => i.updatedAt),
  ];
}

/** Movements as column arrays, for an INSERT ... SELECT FROM unnest(...). */
function movementColumns(movements: readonly NewMovement[]): unknown[] {
  return [
    movements.map((m) => m.sku),
    movements.map((m) => m.kind),
    movements.map((m) => m.onHandDelta),
    movements.map((m) => m.reservedDelta),
    movements.map((m) => m.reason),
    movements.map((m) => m.at),
    movements.map((m) => m.reservationId ?? null),
  ];
}

/**
 * The statements of the inventory store on its tables. Items are read with FOR UPDATE in SKU
 * order, so two steps touching the same SKUs lock them in the same order and never deadlock.
 */
export class InventoryTables {
  constructor(private readonly pg: PgSteps) {}

  /**
   * Locks and reads the items of `skus` (distinct), in SKU order; unknown SKUs are absent.
   * With `reservationId`, also says whether a reservation has that id (in the same round trip
   * when any item is found).
   */
  async lockItems(tx: PgQueryable, skus: readonly string[], reservationId?: string): Promise<{ items: Map<string, StoredInventoryItem>; taken: boolean }> {
    const { rows } = await tx.query<ItemRow & { taken: boolean }>(
      `SELECT i.*, EXISTS (SELECT 1 FROM ${this.pg.t('reservations')} WHERE id = $2) AS taken FROM ${this.pg.t('inventory_items')} i WHERE i.sku = ANY($1::text[]) ORDER BY i.sku FOR UPDATE OF i`,
      [skus, reservationId ?? null],
    );
    let taken = rows[0]?.taken ?? false;
    if (rows.length === 0 && reservationId !== undefined) {
      taken = ((await tx.query(`SELECT 1 FROM ${this.pg.t('reservations')} WHERE id = $1`, [reservationId])).rowCount ?? 0) > 0;
    }
    return { items: new Map(rows.map((row) => [row.sku, itemOf(row)])), taken };
  }

  /**
   * `lockItems` as one statement without parameters, for a step's first round trip
   * (PgSteps.writeLed): a row per item found, in SKU order, locked; one row with a NULL sku
   * when none is; `taken` on every row.
   */
  lockItemsText(skus: readonly string[], reservationId: string): string {
    return `SELECT t.taken, i.* FROM (SELECT EXISTS (SELECT 1 FROM ${this.pg.t('reservations')} WHERE id = ${literal(reservationId)}) AS taken) t
      LEFT JOIN LATERAL (SELECT * FROM ${this.pg.t('inventory_items')} WHERE sku IN (SELECT jsonb_array_elements_text(${literal(JSON.stringify(skus))}::jsonb))
                         ORDER BY sku FOR UPDATE) i ON true`;
  }

  /**
   * A new reservation with its items and movements, as one statement without parameters (its
   * data one jsonb literal), to go with the answer and COMMIT in a step's last round trip.
   * No ON CONFLICT: a reservation id taken since the lead fails it (23505 on
   * reservations_pkey), and the step refuses.
   */
  writeReservationText(reservation: Reservation, items: readonly StoredInventoryItem[], movements: readonly NewMovement[]): string {
    const data = {
      r: { id: reservation.id, orderId: reservation.orderId ?? null, lines: reservation.lines, createdAt: reservation.createdAt, expiresAt: reservation.expiresAt },
      items: items.map((i) => ({ sku: i.sku, on_hand: i.onHand, reserved: i.reserved, discontinued: i.discontinued, reorder_pending: i.reorderPending, reorder_count: i.reorderCount, updated_at: i.updatedAt })),
      movements: movements.map((m) => ({ sku: m.sku, kind: m.kind, on_hand_delta: m.onHandDelta, reserved_delta: m.reservedDelta, reason: m.reason, at: m.at, reservation_id: m.reservationId ?? null })),
    };
    return `WITH d AS (SELECT ${literal(JSON.stringify(data))}::jsonb AS d),
      r AS (
        INSERT INTO ${this.pg.t('reservations')} (id, status, order_id, lines, created_at, expires_at)
        SELECT d->'r'->>'id', 'active', d->'r'->>'orderId', d->'r'->'lines', (d->'r'->>'createdAt')::bigint, (d->'r'->>'expiresAt')::bigint FROM d RETURNING id
      ), i AS (
        UPDATE ${this.pg.t('inventory_items')} AS i
           SET on_hand = v.on_hand, reserved = v.reserved, discontinued = v.discontinued,
               reorder_pending = v.reorder_pending, reorder_count = v.reorder_count, updated_at = v.updated_at
          FROM d, jsonb_to_recordset(d.d->'items') AS v(sku text, on_hand bigint, reserved bigint, discontinued boolean, reorder_pending boolean, reorder_count bigint, updated_at bigint)
         WHERE i.sku = v.sku
      )
      INSERT INTO ${this.pg.t('stock_movements')} (sku, kind, on_hand_delta, reserved_delta, reason, at, reservation_id)
      SELECT e.m->>'sku', e.m->>'kind', (e.m->>'on_hand_delta')::bigint, (e.m->>'reserved_delta')::bigint, e.m->>'reason', (e.m->>'at')::bigint, e.m->>'reservation_id'
        FROM d, jsonb_array_elements(d.d->'movements') WITH ORDINALITY AS e(m, n)
       WHERE EXISTS (SELECT 1 FROM r)
       ORDER BY e.n`;
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
      itemColumns(items),
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
      movementColumns(movements),
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
