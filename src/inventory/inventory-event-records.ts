import type { EventDraft, JsonValue } from '../ports/event-log.js';
import type { InventoryItemChange, StoredInventoryItem } from '../ports/inventory-store.js';
import { availableOf, crossingTypesOf, statusOf } from './stock-rules.js';

/** The payload shape of the durable `inventory.*` events; raise it when the payload changes shape. */
export const INVENTORY_EVENT_SCHEMA = 1;

/**
 * The aggregate of an item's events: `sku:<sku>`, so an item's events never share a sequence
 * with a product (or anything else) whose id happens to equal the SKU.
 */
export const inventoryAggregateOf = (sku: string): string => `sku:${sku}`;

/** The item's fields beyond its counts and flags (sku, productName, supplierId, costPerUnit, ...). */
function describedBy(item: StoredInventoryItem): Record<string, JsonValue> {
  const { onHand: _o, reserved: _r, reorderPoint: _p, reorderQuantity: _q, reorderCount: _c, updatedAt: _u, allowBackorder: _b, discontinued: _d, reorderPending: _n, ...rest } = item;
  return rest as unknown as Record<string, JsonValue>;
}

/**
 * The durable events one item change of a store step makes true: the status it crossed into
 * (crossingTypesOf) and the reorder the step requested (applyReorderRule). The stores apply
 * this inside the step that makes the change: the memory store calls it, the Redis scripts
 * mirror it in lua/lib/inventory-events.lua (pinned by
 * test/redis/inventory-differential.property.test.ts), so no window exists between the stock
 * stored and its events recorded. The in-process bus says the same after the step
 * (ChangeEffects); a reorder whose sink fails is withdrawn there, and stays recorded here as
 * requested: the item's next change under the point requests again.
 */
export function inventoryEventsOf(change: InventoryItemChange): EventDraft[] {
  const { after } = change;
  const status = statusOf(after);
  const previousStatus = change.before ? statusOf(change.before) : null;
  const aggregateId = inventoryAggregateOf(after.sku);
  const at = after.updatedAt;
  const available = availableOf(after);
  const events: EventDraft[] = crossingTypesOf(previousStatus, status).map((type) => ({
    type,
    aggregateId,
    time: at,
    schemaVersion: INVENTORY_EVENT_SCHEMA,
    payload: { status, previousStatus, onHand: after.onHand, reserved: after.reserved, available, reorderPoint: after.reorderPoint, at, ...describedBy(after) },
  }));
  if (change.reorderRequested) {
    events.push({
      type: 'inventory.reorder_requested',
      aggregateId,
      time: at,
      schemaVersion: INVENTORY_EVENT_SCHEMA,
      payload: { requestId: `${after.sku}#${after.reorderCount}`, quantity: after.reorderQuantity, reorderCount: after.reorderCount, available, reorderPoint: after.reorderPoint, requestedAt: at, ...describedBy(after) },
    });
  }
  return events;
}
