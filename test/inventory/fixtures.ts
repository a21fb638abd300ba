import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { InventoryService, type InventoryEvents, type ReorderRequest, type ReorderSink } from '../../src/inventory/index.js';
import { EventBus } from '../../src/shared/events.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';

/** A reorder sink that records requests and can be told to fail. */
export class RecordingReorderSink implements ReorderSink {
  readonly requests: ReorderRequest[] = [];
  failing = false;

  requestReorder(request: ReorderRequest): Promise<void> {
    if (this.failing) return Promise.reject(new Error('supplier system down'));
    this.requests.push(request);
    return Promise.resolve();
  }
}

export function setup(options: { reservationTtlMs?: number } = {}) {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const store = new MemoryInventoryStore();
  const events = new EventBus<InventoryEvents>();
  const reorders = new RecordingReorderSink();
  const seen: { name: keyof InventoryEvents; payload: unknown }[] = [];
  for (const name of [
    'inventory.reserved',
    'inventory.reservation_confirmed',
    'inventory.reservation_released',
    'inventory.reservation_expired',
    'inventory.stock_updated',
    'inventory.status_changed',
    'inventory.low_stock',
    'inventory.out_of_stock',
    'inventory.reorder_requested',
  ] as const) {
    events.on(name, (payload) => void seen.push({ name, payload }));
  }
  const inventory = new InventoryService({ store, clock, ids, events, reorderSink: reorders, ...options });
  const named = (name: keyof InventoryEvents) => seen.filter((e) => e.name === name).map((e) => e.payload);
  return { clock, ids, store, events, reorders, seen, named, inventory };
}

export function item(sku: string, overrides: Record<string, unknown> = {}) {
  return { sku, productName: `Product ${sku}`, onHand: 10, costPerUnit: { amount: '2.50', currency: 'USD' }, ...overrides };
}

export { expectCode as rejection } from '../support/expect-code.js';
