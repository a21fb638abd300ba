import type { InventoryItemChange, InventoryStepRefused, InventoryStore, StoredInventoryItem } from '../../ports/inventory-store.js';
import { applyReorderRule, copyItem, newReservation, reserveStock } from '../../inventory/stock-rules.js';
import { decodeItem, decodeReservation, type ItemRecord, type ReservationRecord } from './inventory-records.js';

/** One `InventoryStore.reserve` step, and its answer. */
export type ReserveStep = Parameters<InventoryStore['reserve']>[0];
export type ReserveResult = Awaited<ReturnType<InventoryStore['reserve']>>;

/** What an applied reservation's operation key records: the reservation as written, each line's item just before it. */
interface RecordedReserve {
  reservation: ReservationRecord;
  before: ItemRecord[];
}

/**
 * How the script decided each reservation: 1 for applied, its recorded answer when an earlier
 * call applied it (a replay), else its refusal as the port has it.
 */
export type ReserveDecision = 1 | { replay: RecordedReserve } | InventoryStepRefused;

/** What inventory-reserve answers; see lua/inventory-reserve.lua. */
export interface ReserveReply {
  decisions: ReserveDecision[];
  /** The item, as it was before the call, of each SKU applied reservations took stock of, in the order they first took it. */
  items: ItemRecord[];
}

/**
 * Builds each reservation's result from the script's decisions by replaying the applied
 * reservations, in call order, on the items as they were before the call. The script answers
 * only that, not the records it wrote, since building and parsing two item records per line
 * and the reservation record cost more than this replay.
 *
 * A reservation an earlier call applied (a replay) gets its first answer back the same way,
 * from what its operation key recorded: the reservation as written, and each line's item
 * just before it, on which its lines are replayed alone.
 *
 * This MUST mirror lua/inventory-reserve.lua and MemoryInventoryStore.reserve, which apply
 * the same steps: per line, before and after copies around `reserveStock` and the reorder
 * rule; then `newReservation` (all three shared with the memory store in stock-rules.ts,
 * never restated here). The differential test (Redis against memory) pins it.
 */
export function replayReserves(steps: readonly ReserveStep[], reply: ReserveReply): ReserveResult[] {
  const { decisions, items } = reply;
  if (decisions.length !== steps.length) throw new Error(`inventory-reserve answered ${decisions.length} results for ${steps.length} reservations`);
  // Each SKU's item as the call has left it so far: private, copied into every change.
  const stock = new Map<string, StoredInventoryItem>();
  const itemOf = (sku: string): StoredInventoryItem => {
    let item = stock.get(sku);
    if (item === undefined) {
      const record = items[stock.size];
      if (record === undefined) throw new Error(`inventory-reserve answered ${items.length} items, fewer than its reservations took stock of`);
      item = decodeItem(record);
      stock.set(sku, item);
    }
    return item;
  };
  const results = steps.map((step, i): ReserveResult => {
    const decision = decisions[i] as ReserveDecision;
    if (decision === 1) {
      const { lines, changes } = takeStock(step, itemOf);
      return { ok: true, reservation: newReservation(step, lines), changes };
    }
    if ('replay' in decision) {
      const { reservation, before } = decision.replay;
      const { changes } = takeStock(step, (sku) => {
        const record = before[step.lines.findIndex((line) => line.sku === sku)];
        if (record === undefined) throw new Error(`inventory-reserve recorded no item for ${sku} of a replayed reservation`);
        return decodeItem(record);
      });
      return { ok: true, reservation: decodeReservation(reservation), changes };
    }
    return decision;
  });
  if (stock.size !== items.length) throw new Error(`inventory-reserve answered ${items.length} items for the ${stock.size} its reservations took stock of`);
  return results;
}

/** Takes each line's stock from `itemOf(sku)` (changed in place), with the item's change around it. */
function takeStock(step: ReserveStep, itemOf: (sku: string) => StoredInventoryItem): { lines: ReturnType<typeof reserveStock>[]; changes: InventoryItemChange[] } {
  const changes: InventoryItemChange[] = [];
  const lines = step.lines.map((line) => {
    const item = itemOf(line.sku);
    const before = copyItem(item);
    const taken = reserveStock(item, line, step.now);
    const reorderRequested = applyReorderRule(item);
    changes.push({ before, after: copyItem(item), reorderRequested });
    return taken;
  });
  return { lines, changes };
}
