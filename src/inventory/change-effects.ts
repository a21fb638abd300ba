import type { Clock } from '../ports/clock.js';
import type { InventoryStore, InventoryItemChange } from '../ports/inventory-store.js';
import type { ReorderRequest, ReorderSink } from '../ports/reorder-sink.js';
import type { EventSink } from '../shared/events.js';
import { Money } from '../shared/money.js';
import type { InventoryEvents, StockLevelChanged } from './inventory-events.js';
import { availableOf, crossingTypesOf, statusOf } from './stock-rules.js';

/**
 * What follows a stored change of items: status events, and the reorders the store step
 * decided on. Runs after the step, so a listener or a failing sink can never undo stock.
 */
export class ChangeEffects {
  constructor(
    private readonly deps: {
      store: InventoryStore;
      events: EventSink<InventoryEvents>;
      clock: Clock;
      reorderSink: ReorderSink | undefined;
    },
  ) {}

  async apply(changes: readonly InventoryItemChange[]): Promise<void> {
    for (const change of changes) {
      this.emitStatus(change);
      if (change.reorderRequested) await this.reorder(change);
    }
  }

  private emitStatus({ before, after }: InventoryItemChange): void {
    const status = statusOf(after);
    const previousStatus = before ? statusOf(before) : null;
    if (status === previousStatus) return;
    const payload: StockLevelChanged = {
      sku: after.sku,
      productName: after.productName,
      status,
      previousStatus,
      onHand: after.onHand,
      reserved: after.reserved,
      available: availableOf(after),
      reorderPoint: after.reorderPoint,
      at: after.updatedAt,
    };
    const { events } = this.deps;
    events.emit('inventory.status_changed', payload);
    for (const type of crossingTypesOf(previousStatus, status)) events.emit(type, payload);
  }

  private async reorder({ after }: InventoryItemChange): Promise<void> {
    const request: ReorderRequest = {
      requestId: `${after.sku}#${after.reorderCount}`,
      sku: after.sku,
      productName: after.productName,
      supplierId: after.supplierId,
      quantity: after.reorderQuantity,
      costPerUnit: Money.fromJSON(after.costPerUnit),
      available: availableOf(after),
      reorderPoint: after.reorderPoint,
      requestedAt: after.updatedAt,
    };
    const { reorderSink, store, clock, events } = this.deps;
    if (reorderSink) {
      try {
        await reorderSink.requestReorder(request);
      } catch {
        // The stock change that led here is stored and stays; withdraw the pending flag so the
        // item's next change asks again rather than waiting forever on a lost request.
        await store.cancelReorder({ sku: after.sku, reorderCount: after.reorderCount, now: clock.now() }).catch(() => false);
        return;
      }
    }
    events.emit('inventory.reorder_requested', request);
  }
}
