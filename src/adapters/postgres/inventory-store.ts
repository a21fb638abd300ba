import type {
  InventoryItemChange,
  InventoryStepRefused,
  InventoryStepResult,
  InventoryStore,
  Reservation,
  ReservationOutcome,
  StockMovement,
  StockMovementKind,
  StoredInventoryItem,
} from '../../ports/inventory-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { inventoryEventsOf } from '../../inventory/inventory-event-records.js';
import {
  adjustedOnHand,
  adjustRefusal,
  applyReorderRule,
  copyItem,
  itemCountError,
  lineCountError,
  newReservation,
  reserveRefusal,
  reserveStock,
  settleStock,
  unitCountError,
} from '../../inventory/stock-rules.js';
import type { PgQueryable } from './client.js';
import { InventoryTables, itemOf, movementOf, reservationOf, type ItemRow, type MovementRow, type NewMovement, type ReservationRow } from './inventory-rows.js';
import type { PgEventRecording } from './event-recording.js';
import { commit, refuse, type PgSteps, type StepOutcome } from './steps.js';

type Result<T> = InventoryStepResult<T>;
const refusal = (code: InventoryStepRefused['code'], details: Record<string, unknown>): InventoryStepRefused => ({ ok: false, code, details });

const bySku = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The InventoryStore on PostgreSQL. Each step is one transaction under READ COMMITTED: it
 * locks the rows it will change (the reservation first, then its items in SKU order, so no
 * two steps deadlock), applies the module's stock rules (inventory/stock-rules.ts) to what
 * it read, and writes items, movements and the reservation together. Since the rows are
 * locked from the read to the commit, no concurrent step can reserve the same units (no
 * oversell) or overwrite a change it did not see (no lost update); the CHECK constraint on
 * inventory_items backs the no-oversell rule in the database itself. Every step that changes
 * an item records the events of its changes (inventoryEventsOf) with its COMMIT
 * (event-recording.ts), as the memory store does in its step and the Redis scripts in theirs.
 */
export class PostgresInventoryStore implements InventoryStore {
  private readonly tables: InventoryTables;

  constructor(
    private readonly pg: PgSteps,
    private readonly recording: PgEventRecording,
  ) {
    this.tables = new InventoryTables(pg);
  }

  /** Commits a step's answer with the events of its item changes, after `writes` if any. */
  private commitChanges<T>(answer: T, changes: readonly InventoryItemChange[], writes?: string): StepOutcome<T> {
    const events = this.recording.writesOf(changes.flatMap(inventoryEventsOf));
    return commit(answer, [writes, events].filter((w) => w !== undefined).join(';\n') || undefined);
  }

  async addItem(step: { item: StoredInventoryItem; reason: string; now: number } & Replayable): Promise<Result<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.addItem');
    const invalid = itemCountError(step.item);
    if (invalid) throw invalid;
    return this.pg.write('inventory.addItem', step.opId, async (tx) => {
      const i = copyItem(step.item);
      const inserted = await tx.query(
        `INSERT INTO ${this.pg.t('inventory_items')} (sku, product_name, on_hand, reserved, reorder_point, reorder_quantity, cost_amount, cost_currency,
           location, supplier_id, allow_backorder, discontinued, reorder_pending, reorder_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (sku) DO NOTHING`,
        [i.sku, i.productName, i.onHand, i.reserved, i.reorderPoint, i.reorderQuantity, i.costPerUnit.amount, i.costPerUnit.currency, i.location, i.supplierId, i.allowBackorder, i.discontinued, i.reorderPending, i.reorderCount, i.createdAt, i.updatedAt],
      );
      if (inserted.rowCount === 0) return refuse<Result<{ change: InventoryItemChange }>>(refusal('SKU_EXISTS', { sku: i.sku }));
      if (i.onHand !== 0) await this.tables.appendMovements(tx, [{ sku: i.sku, kind: 'receipt', onHandDelta: i.onHand, reservedDelta: 0, reason: step.reason, at: step.now }]);
      const reorderRequested = applyReorderRule(i);
      if (reorderRequested) await this.tables.saveItems(tx, [i]);
      const change: InventoryItemChange = { before: null, after: copyItem(i), reorderRequested };
      return this.commitChanges<Result<{ change: InventoryItemChange }>>({ ok: true, change }, [change]);
    });
  }

  async getItem(sku: string): Promise<StoredInventoryItem | undefined> {
    assertWellFormed(sku, 'InventoryStore.getItem');
    const rows = await this.pg.read<ItemRow>('inventory.getItem', `SELECT * FROM ${this.pg.t('inventory_items')} WHERE sku = $1`, [sku]);
    return rows[0] && itemOf(rows[0]);
  }

  async getItems(skus: readonly string[]): Promise<(StoredInventoryItem | undefined)[]> {
    assertWellFormed(skus, 'InventoryStore.getItems');
    if (skus.length === 0) return [];
    const rows = await this.pg.read<ItemRow>('inventory.getItems', `SELECT * FROM ${this.pg.t('inventory_items')} WHERE sku = ANY($1::text[])`, [skus]);
    const found = new Map(rows.map((row) => [row.sku, row]));
    return skus.map((sku) => {
      const row = found.get(sku);
      return row && itemOf(row);
    });
  }

  async listLowStockItems(): Promise<StoredInventoryItem[]> {
    const rows = await this.pg.read<ItemRow>(
      'inventory.listLowStockItems',
      `SELECT * FROM ${this.pg.t('inventory_items')} WHERE NOT discontinued AND on_hand - reserved <= reorder_point ORDER BY sku`,
    );
    return rows.map(itemOf);
  }

  async reserve(step: { reservationId: string; lines: readonly { sku: string; quantity: number }[]; orderId?: string; now: number; expiresAt: number } & Replayable): Promise<
    Result<{ reservation: Reservation; changes: InventoryItemChange[] }>
  > {
    assertWellFormed(step, 'InventoryStore.reserve');
    const invalid = lineCountError(step.lines);
    if (invalid) throw invalid;
    type R = Result<{ reservation: Reservation; changes: InventoryItemChange[] }>;
    const skus = [...new Set(step.lines.map((l) => l.sku))].sort(bySku);
    const idTaken = refusal('CONFLICT', { reservationId: step.reservationId, reason: 'reservation id taken' });
    // Two round trips (PgSteps.writeLed): the items are locked for one, not three.
    return this.pg.writeLed<R, ItemRow & { taken: boolean }>('inventory.reserve', step.opId, {
      lead: this.tables.lockItemsText(skus, step.reservationId),
      decide: (rows) => {
        if (rows[0]?.taken) return refuse<R>(idTaken);
        const items = new Map(rows.filter((row) => row.sku !== null).map((row) => [row.sku, itemOf(row)]));
        const refused = reserveRefusal(step.lines, (sku) => items.get(sku));
        if (refused) return refuse<R>(refused);
        const changes: InventoryItemChange[] = [];
        const movements: NewMovement[] = [];
        const lines = step.lines.map((line) => {
          const item = items.get(line.sku) as StoredInventoryItem;
          const before = copyItem(item);
          const reserved = reserveStock(item, line, step.now);
          movements.push({ sku: line.sku, kind: 'reservation', onHandDelta: 0, reservedDelta: line.quantity, reason: 'reserved', at: step.now, reservationId: step.reservationId });
          changes.push(changed(before, item));
          return reserved;
        });
        const reservation = newReservation(step, lines);
        return this.commitChanges<R>({ ok: true, reservation, changes }, changes, this.tables.writeReservationText(reservation, [...items.values()], movements));
      },
      // Another step took the id after the lead looked (it committed while we held the items).
      refusedBy: (error) => ((error as { code?: unknown; constraint?: unknown }).code === '23505' && (error as { constraint?: unknown }).constraint === 'reservations_pkey' ? idTaken : undefined),
    });
  }

  async confirm(step: { reservationId: string; now: number } & Replayable): Promise<Result<ReservationOutcome>> {
    assertWellFormed(step, 'InventoryStore.confirm');
    return this.pg.write('inventory.confirm', step.opId, async (tx) => {
      const reservation = await this.tables.lockReservation(tx, step.reservationId);
      if (!reservation) return refuse<Result<ReservationOutcome>>(refusal('RESERVATION_NOT_FOUND', { reservationId: step.reservationId }));
      if (reservation.status === 'confirmed') return refuse(unchanged(reservation));
      const status = reservation.status === 'active' && step.now >= reservation.expiresAt ? 'expired' : reservation.status;
      if (status !== 'active') return refuse<Result<ReservationOutcome>>(refusal('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status, expiresAt: reservation.expiresAt }));
      const changes = await this.settle(tx, [reservation], 'confirmed', step.now);
      return this.commitChanges<Result<ReservationOutcome>>({ ok: true, reservation, changed: true, changes: changes[0] ?? [] }, changes[0] ?? []);
    });
  }

  async release(step: { reservationId: string; now: number } & Replayable): Promise<Result<ReservationOutcome>> {
    assertWellFormed(step, 'InventoryStore.release');
    return this.pg.write('inventory.release', step.opId, async (tx) => {
      const reservation = await this.tables.lockReservation(tx, step.reservationId);
      if (!reservation) return refuse<Result<ReservationOutcome>>(refusal('RESERVATION_NOT_FOUND', { reservationId: step.reservationId }));
      if (reservation.status === 'released' || reservation.status === 'expired') return refuse(unchanged(reservation));
      if (reservation.status === 'confirmed') return refuse<Result<ReservationOutcome>>(refusal('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status: 'confirmed' }));
      const changes = await this.settle(tx, [reservation], 'released', step.now);
      return this.commitChanges<Result<ReservationOutcome>>({ ok: true, reservation, changed: true, changes: changes[0] ?? [] }, changes[0] ?? []);
    });
  }

  async extend(step: { reservationId: string; expiresAt: number; now: number } & Replayable): Promise<Result<{ reservation: Reservation }>> {
    assertWellFormed(step, 'InventoryStore.extend');
    type R = Result<{ reservation: Reservation }>;
    return this.pg.write('inventory.extend', step.opId, async (tx) => {
      const reservation = await this.tables.lockReservation(tx, step.reservationId);
      if (!reservation) return refuse<R>(refusal('RESERVATION_NOT_FOUND', { reservationId: step.reservationId }));
      const status = reservation.status === 'active' && step.now >= reservation.expiresAt ? 'expired' : reservation.status;
      if (status !== 'active') return refuse<R>(refusal('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status, expiresAt: reservation.expiresAt }));
      reservation.expiresAt = step.expiresAt;
      await this.tables.saveReservation(tx, reservation);
      return commit<R>({ ok: true, reservation });
    });
  }

  async adjust(step: { sku: string; operation: 'set' | 'add' | 'subtract'; quantity: number; reason: string; now: number } & Replayable): Promise<
    Result<{ change: InventoryItemChange; movement: StockMovement }>
  > {
    assertWellFormed(step, 'InventoryStore.adjust');
    const invalid = unitCountError('quantity', step.quantity);
    if (invalid) throw invalid;
    type R = Result<{ change: InventoryItemChange; movement: StockMovement }>;
    return this.pg.write('inventory.adjust', step.opId, async (tx) => {
      const item = (await this.tables.lockItems(tx, [step.sku])).items.get(step.sku);
      if (!item) return refuse<R>(refusal('SKU_NOT_FOUND', { skus: [step.sku] }));
      const target = adjustedOnHand(item, step.operation, step.quantity);
      const refused = adjustRefusal(item, target);
      if (refused) return refuse<R>(refused);
      const before = copyItem(item);
      const kind: StockMovementKind = step.operation === 'add' ? 'receipt' : 'adjustment';
      const delta = target - item.onHand;
      item.onHand = target;
      item.updatedAt = step.now;
      // Stock received ends the pending reorder; the rule may then ask again if still low.
      if (kind === 'receipt' && step.quantity > 0) item.reorderPending = false;
      const change = changed(before, item);
      await this.tables.saveItems(tx, [item]);
      const [movement] = await this.tables.appendMovements(tx, [{ sku: item.sku, kind, onHandDelta: delta, reservedDelta: 0, reason: step.reason, at: step.now }]);
      return this.commitChanges<R>({ ok: true, change, movement: movement as StockMovement }, [change]);
    });
  }

  async setDiscontinued(step: { sku: string; discontinued: boolean; now: number } & Replayable): Promise<Result<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.setDiscontinued');
    type R = Result<{ change: InventoryItemChange }>;
    return this.pg.write('inventory.setDiscontinued', step.opId, async (tx) => {
      const item = (await this.tables.lockItems(tx, [step.sku])).items.get(step.sku);
      if (!item) return refuse<R>(refusal('SKU_NOT_FOUND', { skus: [step.sku] }));
      const before = copyItem(item);
      item.discontinued = step.discontinued;
      item.updatedAt = step.now;
      const change = changed(before, item);
      await this.tables.saveItems(tx, [item]);
      return this.commitChanges<R>({ ok: true, change }, [change]);
    });
  }

  async sweepExpired(step: { now: number; limit: number }): Promise<{ expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean }> {
    type R = { expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean };
    if (step.limit <= 0) {
      const due = await this.pg.read('inventory.sweepExpired', `SELECT 1 FROM ${this.pg.t('reservations')} WHERE status = 'active' AND expires_at <= $1 LIMIT 1`, [step.now]);
      return { expired: [], more: due.length > 0 };
    }
    return this.pg.write('inventory.sweepExpired', undefined, async (tx) => {
      // SKIP LOCKED: a reservation another step holds (being confirmed, or taken by a
      // concurrent sweep) is left to it; the index on active expiries finds only what is due.
      const { rows } = await tx.query<ReservationRow>(
        `SELECT * FROM ${this.pg.t('reservations')} WHERE status = 'active' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [step.now, step.limit + 1],
      );
      const due = rows.slice(0, step.limit).map(reservationOf);
      const changes = await this.settle(tx, due, 'expired', step.now);
      return this.commitChanges<R>({ expired: due.map((reservation, i) => ({ reservation, changes: changes[i] ?? [] })), more: rows.length > step.limit }, changes.flat());
    });
  }

  async cancelReorder(step: { sku: string; reorderCount: number; now: number } & Replayable): Promise<boolean> {
    assertWellFormed(step, 'InventoryStore.cancelReorder');
    return this.pg.write('inventory.cancelReorder', step.opId, async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE ${this.pg.t('inventory_items')} SET reorder_pending = false, updated_at = $3 WHERE sku = $1 AND reorder_pending AND reorder_count = $2`,
        [step.sku, step.reorderCount, step.now],
      );
      return rowCount ? commit(true) : refuse(false);
    });
  }

  async getReservation(id: string): Promise<Reservation | undefined> {
    assertWellFormed(id, 'InventoryStore.getReservation');
    const rows = await this.pg.read<ReservationRow>('inventory.getReservation', `SELECT * FROM ${this.pg.t('reservations')} WHERE id = $1`, [id]);
    return rows[0] && reservationOf(rows[0]);
  }

  async listMovements(query: { sku: string; afterSeq?: number; limit: number }): Promise<StockMovement[]> {
    assertWellFormed(query, 'InventoryStore.listMovements');
    if (query.limit <= 0) return [];
    const rows = await this.pg.read<MovementRow>(
      'inventory.listMovements',
      `SELECT * FROM ${this.pg.t('stock_movements')} WHERE sku = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [query.sku, query.afterSeq ?? 0, query.limit],
    );
    return rows.map(movementOf);
  }

  /**
   * Ends active reservations (already locked by the caller): a sale takes the units off the
   * shelf, a release or expiry only frees them. Locks every item involved in SKU order, then
   * writes items, movements and reservations. Answers each reservation's item changes.
   */
  private async settle(tx: PgQueryable, reservations: Reservation[], status: 'confirmed' | 'released' | 'expired', now: number): Promise<InventoryItemChange[][]> {
    if (reservations.length === 0) return [];
    const skus = [...new Set(reservations.flatMap((r) => r.lines.map((l) => l.sku)))].sort(bySku);
    const { items } = await this.tables.lockItems(tx, skus);
    const movements: NewMovement[] = [];
    const changes = reservations.map((reservation) => {
      const lineChanges = reservation.lines.map((line) => {
        const item = items.get(line.sku) as StoredInventoryItem;
        const before = copyItem(item);
        settleStock(item, line.quantity, status, now);
        if (status === 'confirmed') movements.push({ sku: line.sku, kind: 'sale', onHandDelta: -line.quantity, reservedDelta: -line.quantity, reason: 'confirmed', at: now, reservationId: reservation.id });
        else movements.push({ sku: line.sku, kind: 'release', onHandDelta: 0, reservedDelta: -line.quantity, reason: status, at: now, reservationId: reservation.id });
        return changed(before, item);
      });
      reservation.status = status;
      reservation.settledAt = now;
      return lineChanges;
    });
    await this.tables.saveItems(tx, [...items.values()]);
    await this.tables.appendMovements(tx, movements);
    await tx.query(`UPDATE ${this.pg.t('reservations')} SET status = $2, settled_at = $3 WHERE id = ANY($1::text[])`, [reservations.map((r) => r.id), status, now]);
    return changes;
  }
}

function changed(before: StoredInventoryItem, item: StoredInventoryItem): InventoryItemChange {
  const reorderRequested = applyReorderRule(item);
  return { before, after: copyItem(item), reorderRequested };
}

function unchanged(reservation: Reservation): Result<ReservationOutcome> {
  return { ok: true, reservation, changed: false, changes: [] };
}
