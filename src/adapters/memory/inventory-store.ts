import type {
  InventoryStore,
  InventoryItemChange,
  StockMovementKind,
  Reservation,
  ReservationOutcome,
  InventoryStepRefused,
  InventoryStepResult,
  StockMovement,
  StoredInventoryItem,
} from '../../ports/inventory-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import {
  adjustedOnHand,
  adjustRefusal,
  applyReorderRule,
  availableOf,
  copyItem,
  itemCountError,
  lineCountError,
  newReservation,
  reserveRefusal,
  reserveStock,
  settleStock,
  unitCountError,
} from '../../inventory/stock-rules.js';
import { inventoryEventsOf } from '../../inventory/inventory-event-records.js';
import type { MemoryEventLog } from './event-log.js';
import { ExpiryHeap } from './expiry-heap.js';
import { ReplayLog } from './replay-log.js';

const copyReservation = (r: Reservation): Reservation => ({ ...r, lines: r.lines.map((l) => ({ ...l })) });

const refuse = (code: InventoryStepRefused['code'], details: Record<string, unknown>): InventoryStepRefused => ({ ok: false, code, details });

/**
 * The in-memory InventoryStore. Each step runs synchronously from its first read to its last
 * write (no await in between), so on one event loop every step is atomic; it checks
 * everything before it writes anything, so a refused step leaves no trace. Values are copied
 * in and out: a caller can never reach stored state.
 */
export class MemoryInventoryStore implements InventoryStore {
  private readonly items = new Map<string, StoredInventoryItem>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly ledger = new Map<string, StockMovement[]>();
  private readonly expiries = new ExpiryHeap();
  private readonly replays = new ReplayLog();
  private seq = 0;

  /** `events`: the log the steps record inventory.* in (memoryAdapters passes the set's). */
  constructor(private readonly options: { events?: MemoryEventLog } = {}) {}

  async addItem(step: { item: StoredInventoryItem; reason: string; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.addItem');
    const invalid = itemCountError(step.item);
    if (invalid) throw invalid;
    const first = this.replays.answered<InventoryStepResult<{ change: InventoryItemChange }>>(step.opId);
    if (first) return first;
    if (this.items.has(step.item.sku)) return refuse('SKU_EXISTS', { sku: step.item.sku });
    const item = copyItem(step.item);
    this.items.set(item.sku, item);
    this.ledger.set(item.sku, []);
    if (item.onHand !== 0) this.record(item.sku, 'receipt', item.onHand, 0, step.reason, step.now);
    const reorderRequested = applyReorderRule(item);
    const change: InventoryItemChange = { before: null, after: copyItem(item), reorderRequested };
    this.options.events?.record(inventoryEventsOf(change));
    return this.replays.remember(step.opId, { ok: true, change });
  }

  async getItem(sku: string): Promise<StoredInventoryItem | undefined> {
    assertWellFormed(sku, 'InventoryStore.getItem');
    const item = this.items.get(sku);
    return item && copyItem(item);
  }

  async getItems(skus: readonly string[]): Promise<(StoredInventoryItem | undefined)[]> {
    assertWellFormed(skus, 'InventoryStore.getItems');
    return skus.map((sku) => {
      const item = this.items.get(sku);
      return item && copyItem(item);
    });
  }

  async listLowStockItems(): Promise<StoredInventoryItem[]> {
    const low = [...this.items.values()].filter((i) => !i.discontinued && availableOf(i) <= i.reorderPoint);
    return low.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)).map(copyItem);
  }

  async reserve(step: {
    reservationId: string;
    lines: readonly { sku: string; quantity: number }[];
    orderId?: string;
    now: number;
    expiresAt: number;
  } & Replayable): Promise<InventoryStepResult<{ reservation: Reservation; changes: InventoryItemChange[] }>> {
    assertWellFormed(step, 'InventoryStore.reserve');
    const invalid = lineCountError(step.lines);
    if (invalid) throw invalid;
    const first = this.replays.answered<InventoryStepResult<{ reservation: Reservation; changes: InventoryItemChange[] }>>(step.opId);
    if (first) return first;
    if (this.reservations.has(step.reservationId)) return refuse('CONFLICT', { reservationId: step.reservationId, reason: 'reservation id taken' });
    const refusal = reserveRefusal(step.lines, (sku) => this.items.get(sku));
    if (refusal) return refusal;

    // Every check passed: from here on, only writes.
    const changes: InventoryItemChange[] = [];
    const lines = step.lines.map((line) => {
      const item = this.items.get(line.sku) as StoredInventoryItem;
      const before = copyItem(item);
      const taken = reserveStock(item, line, step.now);
      this.record(line.sku, 'reservation', 0, line.quantity, 'reserved', step.now, step.reservationId);
      changes.push(this.changed(before, item));
      return taken;
    });
    const reservation = newReservation(step, lines);
    this.reservations.set(reservation.id, reservation);
    this.expiries.push({ at: reservation.expiresAt, id: reservation.id });
    return this.replays.remember(step.opId, { ok: true, reservation: copyReservation(reservation), changes });
  }

  async confirm(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>> {
    assertWellFormed(step, 'InventoryStore.confirm');
    const first = this.replays.answered<InventoryStepResult<ReservationOutcome>>(step.opId);
    if (first) return first;
    const reservation = this.reservations.get(step.reservationId);
    if (!reservation) return refuse('RESERVATION_NOT_FOUND', { reservationId: step.reservationId });
    if (reservation.status === 'confirmed') return this.unchanged(reservation);
    const status = reservation.status === 'active' && step.now >= reservation.expiresAt ? 'expired' : reservation.status;
    if (status !== 'active') return refuse('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status, expiresAt: reservation.expiresAt });
    const changes = this.settle(reservation, 'confirmed', step.now);
    return this.replays.remember(step.opId, { ok: true, reservation: copyReservation(reservation), changed: true, changes });
  }

  async release(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>> {
    assertWellFormed(step, 'InventoryStore.release');
    const first = this.replays.answered<InventoryStepResult<ReservationOutcome>>(step.opId);
    if (first) return first;
    const reservation = this.reservations.get(step.reservationId);
    if (!reservation) return refuse('RESERVATION_NOT_FOUND', { reservationId: step.reservationId });
    if (reservation.status === 'released' || reservation.status === 'expired') return this.unchanged(reservation);
    if (reservation.status === 'confirmed') return refuse('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status: 'confirmed' });
    const changes = this.settle(reservation, 'released', step.now);
    return this.replays.remember(step.opId, { ok: true, reservation: copyReservation(reservation), changed: true, changes });
  }

  async extend(step: { reservationId: string; expiresAt: number; now: number } & Replayable): Promise<InventoryStepResult<{ reservation: Reservation }>> {
    assertWellFormed(step, 'InventoryStore.extend');
    const first = this.replays.answered<InventoryStepResult<{ reservation: Reservation }>>(step.opId);
    if (first) return first;
    const reservation = this.reservations.get(step.reservationId);
    if (!reservation) return refuse('RESERVATION_NOT_FOUND', { reservationId: step.reservationId });
    const status = reservation.status === 'active' && step.now >= reservation.expiresAt ? 'expired' : reservation.status;
    if (status !== 'active') return refuse('RESERVATION_NOT_ACTIVE', { reservationId: reservation.id, status, expiresAt: reservation.expiresAt });
    reservation.expiresAt = step.expiresAt;
    // The old heap entry stays behind and is dropped by the sweep since it no longer matches.
    this.expiries.push({ at: step.expiresAt, id: reservation.id });
    return this.replays.remember(step.opId, { ok: true, reservation: copyReservation(reservation) });
  }

  async adjust(step: { sku: string; operation: 'set' | 'add' | 'subtract'; quantity: number; reason: string; now: number } & Replayable): Promise<
    InventoryStepResult<{ change: InventoryItemChange; movement: StockMovement }>
  > {
    assertWellFormed(step, 'InventoryStore.adjust');
    const invalid = unitCountError('quantity', step.quantity);
    if (invalid) throw invalid;
    const first = this.replays.answered<InventoryStepResult<{ change: InventoryItemChange; movement: StockMovement }>>(step.opId);
    if (first) return first;
    const item = this.items.get(step.sku);
    if (!item) return refuse('SKU_NOT_FOUND', { skus: [step.sku] });
    const target = adjustedOnHand(item, step.operation, step.quantity);
    const refusal = adjustRefusal(item, target);
    if (refusal) return refusal;
    const before = copyItem(item);
    const kind: StockMovementKind = step.operation === 'add' ? 'receipt' : 'adjustment';
    const movement = this.record(item.sku, kind, target - item.onHand, 0, step.reason, step.now);
    item.onHand = target;
    item.updatedAt = step.now;
    // Stock received ends the pending reorder; the rule below may then ask again if still low.
    if (kind === 'receipt' && step.quantity > 0) item.reorderPending = false;
    return this.replays.remember(step.opId, { ok: true, change: this.changed(before, item), movement: { ...movement } });
  }

  async setDiscontinued(step: { sku: string; discontinued: boolean; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.setDiscontinued');
    const first = this.replays.answered<InventoryStepResult<{ change: InventoryItemChange }>>(step.opId);
    if (first) return first;
    const item = this.items.get(step.sku);
    if (!item) return refuse('SKU_NOT_FOUND', { skus: [step.sku] });
    const before = copyItem(item);
    item.discontinued = step.discontinued;
    item.updatedAt = step.now;
    return this.replays.remember(step.opId, { ok: true, change: this.changed(before, item) });
  }

  async sweepExpired(step: { now: number; limit: number }): Promise<{ expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean }> {
    const expired: { reservation: Reservation; changes: InventoryItemChange[] }[] = [];
    for (let due = this.expiries.peekDue(step.now); due; due = this.expiries.peekDue(step.now)) {
      const reservation = this.reservations.get(due.id);
      // A stale entry: settled, or extended (a newer entry carries its new time).
      const live = reservation?.status === 'active' && reservation.expiresAt === due.at;
      if (live && expired.length >= step.limit) return { expired, more: true };
      this.expiries.pop();
      if (!live) continue;
      const changes = this.settle(reservation, 'expired', step.now);
      expired.push({ reservation: copyReservation(reservation), changes });
    }
    return { expired, more: false };
  }

  async cancelReorder(step: { sku: string; reorderCount: number; now: number } & Replayable): Promise<boolean> {
    assertWellFormed(step, 'InventoryStore.cancelReorder');
    if (this.replays.answered(step.opId)) return true;
    const item = this.items.get(step.sku);
    if (!item || !item.reorderPending || item.reorderCount !== step.reorderCount) return false;
    item.reorderPending = false;
    item.updatedAt = step.now;
    return this.replays.remember(step.opId, true);
  }

  async getReservation(id: string): Promise<Reservation | undefined> {
    assertWellFormed(id, 'InventoryStore.getReservation');
    const reservation = this.reservations.get(id);
    return reservation && copyReservation(reservation);
  }

  async listMovements(query: { sku: string; afterSeq?: number; limit: number }): Promise<StockMovement[]> {
    assertWellFormed(query, 'InventoryStore.listMovements');
    const after = query.afterSeq ?? 0;
    const all = this.ledger.get(query.sku) ?? [];
    const page: StockMovement[] = [];
    for (const movement of all) {
      if (page.length >= query.limit) break;
      if (movement.seq > after) page.push({ ...movement });
    }
    return page;
  }

  /** Ends an active reservation: a sale takes the units off the shelf, a release or expiry only frees them. */
  private settle(reservation: Reservation, status: 'confirmed' | 'released' | 'expired', now: number): InventoryItemChange[] {
    const changes = reservation.lines.map((line) => {
      const item = this.items.get(line.sku) as StoredInventoryItem;
      const before = copyItem(item);
      settleStock(item, line.quantity, status, now);
      if (status === 'confirmed') this.record(line.sku, 'sale', -line.quantity, -line.quantity, 'confirmed', now, reservation.id);
      else this.record(line.sku, 'release', 0, -line.quantity, status, now, reservation.id);
      return this.changed(before, item);
    });
    reservation.status = status;
    reservation.settledAt = now;
    return changes;
  }

  /** An item's change in a step that writes (every check passed): its rules and events, in the step. */
  private changed(before: StoredInventoryItem, item: StoredInventoryItem): InventoryItemChange {
    const reorderRequested = applyReorderRule(item);
    const change: InventoryItemChange = { before, after: copyItem(item), reorderRequested };
    this.options.events?.record(inventoryEventsOf(change));
    return change;
  }

  private unchanged(reservation: Reservation): InventoryStepResult<ReservationOutcome> {
    return { ok: true, reservation: copyReservation(reservation), changed: false, changes: [] };
  }

  private record(sku: string, kind: StockMovementKind, onHandDelta: number, reservedDelta: number, reason: string, at: number, reservationId?: string): StockMovement {
    this.seq += 1;
    const movement: StockMovement = { seq: this.seq, sku, kind, onHandDelta, reservedDelta, reason, at, ...(reservationId === undefined ? {} : { reservationId }) };
    this.ledger.get(sku)?.push(movement);
    return movement;
  }
}
