import type {
  InventoryItemChange,
  InventoryStepRefused,
  InventoryStepResult,
  InventoryStore,
  Reservation,
  ReservationOutcome,
  StockMovement,
  StoredInventoryItem,
} from '../../ports/inventory-store.js';
import type { Replayable } from '../../ports/replay.js';
import { itemCountError, lineCountError, unitCountError } from '../../inventory/stock-rules.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { decodeChange, decodeItem, decodeReservation, itemRecord, type ChangeRecord, type ItemRecord, type ReservationRecord } from './inventory-records.js';
import { BatchQueue } from './batch-queue.js';
import { replayReserves, type ReserveReply, type ReserveResult, type ReserveStep } from './inventory-reserve-replay.js';
import { LuaScript } from './script.js';
import type { EventRecording } from './event-recording.js';
import type { RedisKeys } from './keys.js';
import type { RedisSteps } from './steps.js';

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

/** What a script answers: a refusal as the port has it, or `T` with records (inventory-records.ts). */
type Answer<T> = InventoryStepRefused | ({ ok: true } & T);

interface SettledAnswer {
  reservation: ReservationRecord;
  changes: ChangeRecord[];
}

const settled = (answer: SettledAnswer): { reservation: Reservation; changes: InventoryItemChange[] } => ({
  reservation: decodeReservation(answer.reservation),
  changes: answer.changes.map(decodeChange),
});

/**
 * The InventoryStore on Redis. Every step is one Lua script over eight fixed keys, and the
 * ledger lists of the SKUs it names, that share one hash tag (see docs/redis.md): items and
 * reservations as records (inventory-records.ts) in two hashes, the expiry index as a sorted
 * set, the low-stock index as a set, the movement counter, and the ledger in two parts: a
 * list per SKU for the movements of steps that name their SKUs, and a sorted set for those of
 * settling reservations. A multi-SKU reservation is one script, so the whole store is one
 * cluster slot; the tag holds the prefix, so stores under
 * different prefixes (e.g. one per warehouse) land on different slots. The scripts apply the
 * memory adapter's rules in the same order, so both refuse with the same codes. Times and ids
 * come in as arguments. The durable inventory.* events of an item change are recorded by the
 * script that makes it, on the store's stream `evt:{<prefix>inventory}` (the last two fixed
 * keys; lua/lib/inventory-events.lua mirrors inventoryEventsOf).
 *
 * That slot's one Redis core serialises every reservation of the store, so `reserve` calls
 * made in the same tick go out together (batch-queue.ts): one script call applies
 * them in call order, each checked and decided as if alone. Only their order with each other
 * is kept: a step of another kind made in the same tick, before the reserve is answered, may
 * reach Redis first. If the call fails, every reservation in it fails with STORE_UNAVAILABLE;
 * the script decides them all before its first write, so one that failed on what it read
 * (a key of the wrong type, a corrupt record) wrote none (docs/redis.md has the details).
 * To spare that core (and Node's parsing) the records of every result, the script answers
 * only its decisions and the items as they were before the call; inventory-reserve-replay.ts
 * replays the applied reservations on those items to build each result, the same objects
 * the memory store answers.
 */
export class RedisInventoryStore implements InventoryStore {
  /** items, reservations, expiry, low stock, ledger, seq, event stream and sequences: the KEYS of every write script. */
  private readonly all: readonly string[];
  private readonly items: string;
  private readonly reservations: string;
  private readonly lowStock: string;
  private readonly ledger: string;
  /** A SKU's ledger list is this and the SKU. */
  private readonly ledgerList: string;
  /** The hash tag of every key of the store (operation keys included). */
  private readonly tag: string;
  /**
   * Groups reserve steps made in the same tick into one script call (batch-queue.ts): one
   * group, since the whole store is one slot; no lanes: several calls may be in flight, and
   * Redis applies them in the order it receives them, which is the order they were made.
   */
  private readonly reserves = new BatchQueue<ReserveStep, ReserveResult>({ groupOf: () => 0, send: (steps) => this.reserveMany(steps) });

  /** '1' when the steps record their events, the argument every write script takes before the replay window. */
  private readonly recordFlag: string;

  constructor(
    private readonly redis: RedisSteps,
    recording: EventRecording,
  ) {
    const keys = redis.keys;
    const tag = RedisInventoryStore.tagOf(keys);
    this.recordFlag = recording.enabled ? '1' : '0';
    this.tag = tag;
    const key = (name: string): string => keys.key('inv', tag, name);
    this.items = key('items');
    this.reservations = key('reservations');
    this.lowStock = key('low-stock');
    this.ledger = key('ledger');
    this.ledgerList = keys.key('inv', tag, 'ledger', '');
    this.all = [this.items, this.reservations, key('expiry'), this.lowStock, this.ledger, key('seq'), ...recording.keysOf(tag)];
  }

  /** The hash tag of every key of the store: also its event partition's. */
  static tagOf(keys: RedisKeys): string {
    return `${keys.prefix}inventory`;
  }

  /** The eight fixed keys, then the ledger list of each of `skus`, in order. */
  private withLists(skus: Iterable<string>): string[] {
    const keys = [...this.all];
    for (const sku of skus) keys.push(this.ledgerList + sku);
    return keys;
  }

  async addItem(step: { item: StoredInventoryItem; reason: string; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.addItem');
    const invalid = itemCountError(step.item);
    if (invalid) throw invalid;
    const answer = await this.write<Answer<{ change: ChangeRecord }>>(addItemScript, step, this.withLists([step.item.sku]), [step.item.sku, itemRecord(step.item), step.reason, step.now]);
    return answer.ok ? { ok: true, change: decodeChange(answer.change) } : answer;
  }

  async getItem(sku: string): Promise<StoredInventoryItem | undefined> {
    return (await this.getItems([sku]))[0];
  }

  async getItems(skus: readonly string[]): Promise<(StoredInventoryItem | undefined)[]> {
    assertWellFormed(skus, 'InventoryStore.getItems');
    const found: (StoredInventoryItem | undefined)[] = [];
    for (let i = 0; i < skus.length; i += READ_CHUNK) {
      const chunk = await this.redis.read<(ItemRecord | null)[]>(getItemsScript, [this.items], skus.slice(i, i + READ_CHUNK));
      for (const record of chunk) found.push(record ? decodeItem(record) : undefined);
    }
    return found;
  }

  async listLowStockItems(): Promise<StoredInventoryItem[]> {
    // Not filtered again here: every script keeps the index exact, and a filter would hide a
    // script that does not (the differential test compares this list with the memory store's).
    const indexed = await this.redis.read<ItemRecord[]>(listLowStockScript, [this.items, this.lowStock], []);
    return indexed.map(decodeItem).sort(bySku);
  }

  async reserve(step: ReserveStep): Promise<ReserveResult> {
    // Checked before it joins a batch: a refused input must not fail the others' call.
    assertWellFormed(step, 'InventoryStore.reserve');
    const invalid = lineCountError(step.lines);
    if (invalid) throw invalid;
    return this.reserves.push(step);
  }

  /** One inventory-reserve call for reservations that were ready in the same tick, applied in order. */
  private async reserveMany(steps: readonly ReserveStep[]): Promise<ReserveResult[]> {
    // The JSON of ids and skus comes from here, so the script splices it and never encodes.
    // Each SKU's ledger list once, in the order the batch first names it, as the script lists them.
    const args: (string | number)[] = [];
    const skus = new Set<string>();
    const ops: string[] = [];
    for (const { reservationId: id, orderId, now, expiresAt, lines, opId } of steps) {
      ops.push(this.redis.opKey(this.tag, opId));
      args.push(id, now, expiresAt, JSON.stringify(id), orderId === undefined ? 'null' : JSON.stringify(orderId), lines.length);
      for (const line of lines) {
        skus.add(line.sku);
        args.push(line.sku, JSON.stringify(line.sku), line.quantity);
      }
    }
    args.push(this.recordFlag, this.redis.replayWindowMs);
    return replayReserves(steps, await this.redis.run<ReserveReply>(reserveScript, [...this.withLists(skus), ...ops], args));
  }

  confirm(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>> {
    return this.settle(confirmScript, 'InventoryStore.confirm', step);
  }

  release(step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>> {
    return this.settle(releaseScript, 'InventoryStore.release', step);
  }

  private async settle(script: LuaScript, name: string, step: { reservationId: string; now: number } & Replayable): Promise<InventoryStepResult<ReservationOutcome>> {
    assertWellFormed(step, name);
    const answer = await this.write<Answer<SettledAnswer & { changed: boolean }>>(script, step, this.all, [step.reservationId, step.now]);
    return answer.ok ? { ok: true, changed: answer.changed, ...settled(answer) } : answer;
  }

  async extend(step: { reservationId: string; expiresAt: number; now: number } & Replayable): Promise<InventoryStepResult<{ reservation: Reservation }>> {
    assertWellFormed(step, 'InventoryStore.extend');
    const answer = await this.write<Answer<{ reservation: ReservationRecord }>>(extendScript, step, this.all, [step.reservationId, step.expiresAt, step.now]);
    return answer.ok ? { ok: true, reservation: decodeReservation(answer.reservation) } : answer;
  }

  async adjust(step: { sku: string; operation: 'set' | 'add' | 'subtract'; quantity: number; reason: string; now: number } & Replayable): Promise<
    InventoryStepResult<{ change: InventoryItemChange; movement: StockMovement }>
  > {
    assertWellFormed(step, 'InventoryStore.adjust');
    const invalid = unitCountError('quantity', step.quantity);
    if (invalid) throw invalid;
    const answer = await this.write<Answer<{ change: ChangeRecord; movement: StockMovement }>>(adjustScript, step, this.withLists([step.sku]), [
      step.sku,
      step.operation,
      step.quantity,
      step.reason,
      step.now,
    ]);
    return answer.ok ? { ok: true, change: decodeChange(answer.change), movement: answer.movement } : answer;
  }

  async setDiscontinued(step: { sku: string; discontinued: boolean; now: number } & Replayable): Promise<InventoryStepResult<{ change: InventoryItemChange }>> {
    assertWellFormed(step, 'InventoryStore.setDiscontinued');
    const answer = await this.write<Answer<{ change: ChangeRecord }>>(setDiscontinuedScript, step, this.all, [step.sku, step.discontinued ? '1' : '0', step.now]);
    return answer.ok ? { ok: true, change: decodeChange(answer.change) } : answer;
  }

  async sweepExpired(step: { now: number; limit: number }): Promise<{ expired: { reservation: Reservation; changes: InventoryItemChange[] }[]; more: boolean }> {
    const answer = await this.write<{ expired: SettledAnswer[]; more: boolean }>(sweepScript, {}, this.all, [step.now, step.limit]);
    return { expired: answer.expired.map(settled), more: answer.more };
  }

  async cancelReorder(step: { sku: string; reorderCount: number; now: number } & Replayable): Promise<boolean> {
    assertWellFormed(step, 'InventoryStore.cancelReorder');
    return this.write(cancelReorderScript, step, this.all, [step.sku, step.reorderCount, step.now]);
  }

  async getReservation(id: string): Promise<Reservation | undefined> {
    assertWellFormed(id, 'InventoryStore.getReservation');
    const record = await this.redis.read<ReservationRecord | null>(getReservationScript, [this.reservations], [id]);
    return record ? decodeReservation(record) : undefined;
  }

  async listMovements(query: { sku: string; afterSeq?: number; limit: number }): Promise<StockMovement[]> {
    assertWellFormed(query, 'InventoryStore.listMovements');
    if (query.limit < 1) return [];
    return this.redis.read(listMovementsScript, [this.ledgerList + query.sku, this.ledger], [query.sku, query.afterSeq ?? 0, query.limit]);
  }

  /** A step that writes, with its operation key in the store's slot. */
  private write<T>(script: LuaScript, step: Replayable, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    return this.redis.write<T>(script, this.tag, step.opId, keys, [...args, this.recordFlag]);
  }
}
