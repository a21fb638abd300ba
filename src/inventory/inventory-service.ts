import { randomIds } from '../adapters/system/random-ids.js';
import { systemClock } from '../adapters/system/system-clock.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { InventoryStore, Reservation, StockShortage, InventoryStepResult, StockMovement } from '../ports/inventory-store.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { parseInput } from '../shared/validation.js';
import { ChangeEffects } from './change-effects.js';
import type { InventoryEvents } from './inventory-events.js';
import { toInventoryItem, type InventoryItem } from './inventory-item.js';
import {
  addInventoryItemSchema,
  extendReservationSchema,
  listMovementsSchema,
  parseReserveItems,
  reservationIdSchema,
  setDiscontinuedSchema,
  inventorySkuSchema,
  stockLinesSchema,
  sweepReservationsOptionsSchema,
  updateStockSchema,
  type AddInventoryItemInput,
  type ListMovementsQuery,
  type ReserveOptions,
  type StockLine,
  type StockOperation,
} from './inventory-schemas.js';
import { DEFAULT_RESERVATION_TTL_MS, guardedEvents, type AvailabilityResult, type InventoryServiceOptions, type ReservationChange } from './inventory-service-options.js';
import { refusalToError } from './step-errors.js';
import { availableOf, mergeLines } from './stock-rules.js';

const SWEEP_BATCH = 500;
const DEFAULT_MOVEMENT_PAGE = 1000;

/**
 * Stock, reservations and reorders. Every change is one atomic step of the store, so two
 * app instances sharing a store never oversell; events and reorders follow a stored change.
 * Nothing runs in the background: call `sweepExpiredReservations` (or start a
 * `ReservationSweeper`) to expire reservations.
 */
export class InventoryService {
  private readonly store: InventoryStore;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly events: EventSink<InventoryEvents>;
  private readonly ttlMs: number;
  private readonly effects: ChangeEffects;

  constructor(options: InventoryServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.events = guardedEvents(options.events ?? silentEvents<InventoryEvents>());
    this.ttlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new CommerceError('VALIDATION_FAILED', { reservationTtlMs: this.ttlMs }, { reason: 'reservationTtlMs must be a positive integer' });
    }
    this.effects = new ChangeEffects({ store: this.store, events: this.events, clock: this.clock, reorderSink: options.reorderSink });
  }

  /** Stocks a new SKU (SKU_EXISTS if it is stocked already); its initial stock is a receipt. */
  async addInventoryItem(input: AddInventoryItemInput): Promise<InventoryItem> {
    const item = parseInput(addInventoryItemSchema, input, 'addInventoryItem');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const result = await this.store.addItem({
        item: { ...item, costPerUnit: item.costPerUnit.toJSON(), reserved: 0, reorderPending: false, reorderCount: 0, createdAt: now, updatedAt: now },
        reason: 'initial stock',
        now,
      });
      const { change } = this.#accept(result);
      await this.effects.apply([change]);
      return toInventoryItem(change.after);
    }, 'STORE_UNAVAILABLE');
  }

  /**
   * Whether every line could be reserved now (same-SKU lines summed). Unknown and discontinued
   * SKUs are short with 0 available; backorderable SKUs are never short. A read, not a promise.
   */
  async checkAvailability(lines: readonly StockLine[]): Promise<AvailabilityResult>;
  /** The seed's form: one SKU and a quantity. */
  async checkAvailability(sku: string, quantity: number): Promise<AvailabilityResult>;
  async checkAvailability(linesOrSku: readonly StockLine[] | string, quantity?: number): Promise<AvailabilityResult> {
    const lines = typeof linesOrSku === 'string' ? [{ sku: linesOrSku, quantity }] : linesOrSku;
    const merged = mergeLines(parseInput(stockLinesSchema, lines, 'checkAvailability'));
    return commerceErrors(async () => {
      const items = await this.store.getItems(merged.map((l) => l.sku));
      const shortages: StockShortage[] = [];
      merged.forEach((line, i) => {
        const item = items[i];
        const available = item && !item.discontinued ? availableOf(item) : 0;
        const sellable = item !== undefined && !item.discontinued;
        if (!sellable || (!item.allowBackorder && available < line.quantity)) {
          shortages.push({ sku: line.sku, requested: line.quantity, available });
        }
      });
      return { available: shortages.length === 0, shortages };
    }, 'STORE_UNAVAILABLE');
  }

  /**
   * Holds stock for every line or for none. Same-SKU lines are summed. Errors: SKU_NOT_FOUND,
   * SKU_DISCONTINUED (`details.skus`), INSUFFICIENT_INVENTORY (`details.shortages`: every short
   * SKU with requested and available). Lines of backorderable SKUs beyond the available stock
   * say so in `backordered`.
   */
  async reserveItems(lines: readonly StockLine[], options: ReserveOptions = {}): Promise<Reservation> {
    const input = parseReserveItems(lines, options);
    return commerceErrors(async () => {
      const now = this.clock.now();
      const result = await this.store.reserve({
        reservationId: this.ids.next('reservation'),
        lines: mergeLines(input.lines),
        ...(input.options.orderId === undefined ? {} : { orderId: input.options.orderId }),
        now,
        expiresAt: now + (input.options.ttlMs ?? this.ttlMs),
      });
      const { reservation, changes } = this.#accept(result);
      this.events.emit('inventory.reserved', { reservation, at: now });
      await this.effects.apply(changes);
      return reservation;
    }, 'STORE_UNAVAILABLE');
  }

  /**
   * Turns a reservation into a sale. A second call answers `changed: false`. Released or
   * expired (even if not swept yet): RESERVATION_NOT_ACTIVE.
   */
  async confirmReservation(reservationId: string): Promise<ReservationChange> {
    const id = parseInput(reservationIdSchema, reservationId, 'confirmReservation');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const { reservation, changed, changes } = this.#accept(await this.store.confirm({ reservationId: id, now }));
      if (changed) this.events.emit('inventory.reservation_confirmed', { reservation, at: now });
      await this.effects.apply(changes);
      return { changed, reservation };
    }, 'STORE_UNAVAILABLE');
  }

  /**
   * Frees a reservation's stock. A second call, or one after expiry, answers `changed: false`.
   * A confirmed reservation is a sale: RESERVATION_NOT_ACTIVE.
   */
  async releaseReservation(reservationId: string): Promise<ReservationChange> {
    const id = parseInput(reservationIdSchema, reservationId, 'releaseReservation');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const { reservation, changed, changes } = this.#accept(await this.store.release({ reservationId: id, now }));
      if (changed) this.events.emit('inventory.reservation_released', { reservation, at: now });
      await this.effects.apply(changes);
      return { changed, reservation };
    }, 'STORE_UNAVAILABLE');
  }

  /** Gives an active reservation `ttlMs` (default: the service TTL) from now. */
  async extendReservation(reservationId: string, options: { ttlMs?: number } = {}): Promise<Reservation> {
    const input = parseInput(extendReservationSchema, { reservationId, options }, 'extendReservation');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const expiresAt = now + (input.options.ttlMs ?? this.ttlMs);
      return this.#accept(await this.store.extend({ reservationId: input.reservationId, expiresAt, now })).reservation;
    }, 'STORE_UNAVAILABLE');
  }

  /** The reservation (RESERVATION_NOT_FOUND if unknown). */
  async getReservation(reservationId: string): Promise<Reservation> {
    const id = parseInput(reservationIdSchema, reservationId, 'getReservation');
    return commerceErrors(async () => {
      const reservation = await this.store.getReservation(id);
      if (!reservation) throw new CommerceError('RESERVATION_NOT_FOUND', { reservationId: id });
      return reservation;
    }, 'STORE_UNAVAILABLE');
  }

  /**
   * Sets, adds (a receipt, which ends a pending reorder) or subtracts on-hand stock. Going below
   * zero on hand or available is STOCK_NEGATIVE unless the item allows backorder.
   */
  async updateStock(sku: string, quantity: number, operation: StockOperation = 'set', reason?: string): Promise<InventoryItem> {
    const input = parseInput(updateStockSchema, { sku, quantity, operation, reason }, 'updateStock');
    return commerceErrors(async () => {
      const defaultReason = { set: 'stock count', add: 'stock received', subtract: 'stock removed' }[input.operation];
      const result = await this.store.adjust({ ...input, reason: input.reason ?? defaultReason, now: this.clock.now() });
      const { change, movement } = this.#accept(result);
      this.events.emit('inventory.stock_updated', {
        sku: input.sku,
        operation: input.operation,
        quantity: input.quantity,
        movement,
        onHand: change.after.onHand,
        available: availableOf(change.after),
      });
      await this.effects.apply([change]);
      return toInventoryItem(change.after);
    }, 'STORE_UNAVAILABLE');
  }

  /** Marks a SKU discontinued (no new reservations) or sells it again. */
  async setDiscontinued(sku: string, discontinued = true): Promise<InventoryItem> {
    const input = parseInput(setDiscontinuedSchema, { sku, discontinued }, 'setDiscontinued');
    return commerceErrors(async () => {
      const { change } = this.#accept(await this.store.setDiscontinued({ ...input, now: this.clock.now() }));
      await this.effects.apply([change]);
      return toInventoryItem(change.after);
    }, 'STORE_UNAVAILABLE');
  }

  /** The item with its available stock and status (SKU_NOT_FOUND if unknown). */
  async getInventoryStatus(sku: string): Promise<InventoryItem> {
    const id = parseInput(inventorySkuSchema, sku, 'getInventoryStatus');
    return commerceErrors(async () => {
      const item = await this.store.getItem(id);
      if (!item) throw new CommerceError('SKU_NOT_FOUND', { skus: [id] }, { reason: id });
      return toInventoryItem(item);
    }, 'STORE_UNAVAILABLE');
  }

  /** Items at or under their reorder point (low, out of stock or backordered), by SKU. */
  async getLowStockItems(): Promise<InventoryItem[]> {
    return commerceErrors(async () => (await this.store.listLowStockItems()).map(toInventoryItem), 'STORE_UNAVAILABLE');
  }

  /**
   * Expires every reservation past its time, in batches of one atomic store step each, and
   * answers how many. Safe to run from several instances at once: a reservation expires once.
   */
  async sweepExpiredReservations(options: { batchSize?: number } = {}): Promise<number> {
    const { batchSize = SWEEP_BATCH } = parseInput(sweepReservationsOptionsSchema, options, 'sweepExpiredReservations');
    return commerceErrors(async () => {
      const now = this.clock.now();
      let count = 0;
      for (;;) {
        const { expired, more } = await this.store.sweepExpired({ now, limit: batchSize });
        for (const { reservation, changes } of expired) {
          count += 1;
          this.events.emit('inventory.reservation_expired', { reservation, at: now });
          await this.effects.apply(changes);
        }
        if (!more) return count;
      }
    }, 'STORE_UNAVAILABLE');
  }

  /** The stock ledger of one SKU, oldest first: `afterSeq` pages on from a movement's `seq`. */
  async listMovements(query: ListMovementsQuery): Promise<StockMovement[]> {
    const input = parseInput(listMovementsSchema, query, 'listMovements');
    return commerceErrors(() =>
      this.store.listMovements({
        sku: input.sku,
        limit: input.limit ?? DEFAULT_MOVEMENT_PAGE,
        ...(input.afterSeq === undefined ? {} : { afterSeq: input.afterSeq }),
      }),
    'STORE_UNAVAILABLE',
    );
  }

  #accept<T>(result: InventoryStepResult<T>): T {
    if (!result.ok) throw refusalToError(result);
    return result;
  }

  }
