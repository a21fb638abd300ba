import type { EventDraft, JsonValue } from '../ports/event-log.js';
import type { Product, ProductPrice } from '../ports/catalog-store.js';

/** The payload shape of the durable `catalog.*` events; raise it when the payload changes shape. */
export const CATALOG_EVENT_SCHEMA = 1;

const pricesOf = (product: Product | null, sku: string): ProductPrice[] => product?.variants.find((v) => v.sku === sku)?.prices ?? [];

/**
 * The durable events a product save makes true, from the product as stored before (null:
 * created) and as saved: `catalog.activity_changed` when it starts or stops selling (a new
 * product reports its first `active`), `catalog.price_changed` listing each SKU whose price
 * list differs (a new SKU from none, a dropped one to none). The catalogue service derives
 * them here for every save and passes them to the store step, which records them with it.
 */
export function catalogEventsOf(before: Product | null, after: Product, at: number): EventDraft[] {
  const events: EventDraft[] = [];
  const base = { productId: after.id, version: after.version, at };
  if (before === null || before.active !== after.active) {
    events.push({ type: 'catalog.activity_changed', aggregateId: after.id, time: at, schemaVersion: CATALOG_EVENT_SCHEMA, payload: { ...base, active: after.active, previous: before === null ? null : before.active } });
  }
  const skus = [...new Set([...(before?.variants ?? []), ...after.variants].map((v) => v.sku))];
  const changed = skus
    .map((sku) => ({ sku, prices: pricesOf(after, sku), previous: pricesOf(before, sku) }))
    .filter((v) => JSON.stringify(v.prices) !== JSON.stringify(v.previous));
  if (changed.length > 0) {
    events.push({ type: 'catalog.price_changed', aggregateId: after.id, time: at, schemaVersion: CATALOG_EVENT_SCHEMA, payload: { ...base, variants: changed as unknown as JsonValue } });
  }
  return events;
}
