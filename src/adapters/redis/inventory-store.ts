import type {
  InventoryItemChange,
  InventoryStepResult,
  InventoryStore,
  Reservation,
  ReservationOutcome,
  StockMovement,
  StoredInventoryItem,
} from '../../ports/inventory-store.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const addItemScript = new LuaScript('inventory-add-item');
const reserveScript = new LuaScript('inventory-reserve');
const confirmScript = new LuaScript('inventory-confirm');
const releaseScript = new LuaScript('inventory-release');
const extendScript = new LuaScript('inventory-extend');
const adjustScript = new LuaScript('inventory-adjust');
const setDiscontinuedScript = new LuaScript('inventory-set-discontinued');
const sweepScript = new LuaScript('inventory-sweep');
const cancelReorderScript = new LuaScript('inventory-cancel-reorder');
const getItemsScript = new LuaScript('inventory-get-items');
const getReservationScript = new LuaScript('inventory-get-reservation');
const listLowStockScript = new LuaScript('inventory-list-low-stock');
const listMovementsScript = new LuaScript('inventory-list-movements');

/** How many SKUs one read script fetches at most (Lua's unpack has a C-stack limit). */
const READ_CHUNK = 1000;

const bySku = (a: StoredInventoryItem, b: StoredInventoryItem): number => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/**
 * The InventoryStore on Redis. Every step is one Lua script over six fixed keys that share
 * one hash tag (see docs/redis.md): items and reservations as JSON in two hashes, the expiry
 * index and the per-SKU-ordered ledger as sorted sets, the low-stock index as a set, and the
 * ledger's sequence counter. A multi-SKU reservation is one script, so the whole store is one
 * cluster slot; the tag holds the prefix, so stores under different prefixes (e.g. one per
 * warehouse) land on different slots. The scripts apply the memory adapter's rules in the
 * same order, so both refuse with the same codes. Times and ids come in as arguments.
 */
export class RedisInventoryStore implements InventoryStore {
  /** items, reservations, expiry, low stock, ledger, seq: the KEYS of every write script. */
  private readonly all: readonly string[];
  private readonly items: string;
  private readonly reservations: string;
  private readonly lowStock: string;
  private readonly ledger: string;

  constructor(
    private readonly client: RedisScriptClient,
    keys: RedisKeys,
  ) {
    const tag = `${keys.prefix}inventory`;
    const key = (name: string): string => keys.key('inv', tag, name);
    this.items = key('items');
    this.reservations = key('reservations');
    this.lowStock = key('low-stock');
    this.ledger = key('ledger');
    this.all = [this.items, this.reservations, key('expiry'), this.lowStock, this.ledger, key('seq')];
  }

  addItem(step: { item: StoredInventoryItem; reason: string; now: number }): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    return addItemScript.run(this.client, this.all, [JSON.stringify(step.item), step.reason, step.now]);
  }

  async getItem(sku: string): Promise<StoredInventoryItem | undefined> {
    return (await this.getItems([sku]))[0];
  }

  async getItems(skus: readonly string[]): Promise<(StoredInventoryItem | undefined)[]> {
    const found: (StoredInventoryItem | undefined)[] = [];
    for (let i = 0; i < skus.length; i += READ_CHUNK) {
      const chunk = await getItemsScript.run<(StoredInventoryItem | null)[]>(this.client, [this.items], skus.slice(i, i + READ_CHUNK));
      for (const item of chunk) found.push(item ?? undefined);
    }
    return found;
  }

  async listLowStockItems(): Promise<StoredInventoryItem[]> {
    // Not filtered again here: every script keeps the index exact, and a filter would hide a
    // script that does not (the differential test compares this list with the memory store's).
    const indexed = await listLowStockScript.run<StoredInventoryItem[]>(this.client, [this.items, this.lowStock], []);
    return indexed.sort(bySku);
  }

  reserve(step: {
    reservationId: string;
    lines: readonly { sku: string; quantity: number }[];
    orderId?: string;
    now: number;
    expiresAt: number;
  }): Promise<InventoryStepResult<{ reservation: Reservation; changes: InventoryItemChange[] }>> {
    const args: (string | number)[] = [step.reservationId, step.now, step.expiresAt, step.orderId === undefined ? '0' : '1', step.orderId ?? ''];
    for (const line of step.lines) args.push(line.sku, line.quantity);
    return reserveScript.run(this.client, this.all, args);
  }

  confirm(step: { reservationId: string; now: number }): Promise<InventoryStepResult<ReservationOutcome>> {
    return confirmScript.run(this.client, this.all, [step.reservationId, step.now]);
  }

  release(step: { reservationId: string; now: number }): Promise<InventoryStepResult<ReservationOutcome>> {
    return releaseScript.run(this.client, this.all, [step.reservationId, step.now]);
  }

  extend(step: { reservationId: string; expiresAt: number; now: number }): Promise<InventoryStepResult<{ reservation: Reservation }>> {
    return extendScript.run(this.client, this.all, [step.reservationId, step.expiresAt, step.now]);
  }

  adjust(step: { sku: string; operation: 'set' | 'add' | 'subtract'; quantity: number; reason: string; now: number }): Promise<
    InventoryStepResult<{ change: InventoryItemChange; movement: StockMovement }>
  > {
    return adjustScript.run(this.client, this.all, [step.sku, step.operation, step.quantity, step.reason, step.now]);
  }

  setDiscontinued(step: { sku: string; discontinued: boolean; now: number }): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    return setDiscontinuedScript.run(this.client, this.all, [step.sku, step.discontinued ? '1' : '0', step.now]);
  }

  sweepExpired(step: { now: number; limit: number }): Promise<{ expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean }> {
    return sweepScript.run(this.client, this.all, [step.now, step.limit]);
  }

  cancelReorder(step: { sku: string; reorderCount: number; now: number }): Promise<boolean> {
    return cancelReorderScript.run(this.client, this.all, [step.sku, step.reorderCount, step.now]);
  }

  async getReservation(id: string): Promise<Reservation | undefined> {
    return (await getReservationScript.run<Reservation | null>(this.client, [this.reservations], [id])) ?? undefined;
  }

  async listMovements(query: { sku: string; afterSeq?: number; limit: number }): Promise<StockMovement[]> {
    if (query.limit < 1) return [];
    return listMovementsScript.run(this.client, [this.ledger], [query.sku, query.afterSeq ?? 0, query.limit]);
  }
}
