// The inventory rows of bench/redis.bench.ts: reserveItems and confirmReservation through
// the InventoryService on the Redis store, and an oversell check with every worker racing
// for a small stock. The caller counts round trips through the script client it passes.
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { isCommerceError } from '../../src/shared/index.js';
import { measure, type Measurement } from './measure.js';

export interface InventoryRow {
  name: string;
  m: Measurement;
  /** Script calls made by the rows' operations, for round trips per op. */
  trips: number;
  /** Units granted beyond the stock (oversell row only). */
  oversell?: number;
}

const SKUS = 64;
const SCARCE = 1000;

/** Runs the rows at one concurrency; every key lives under `prefix` (the caller deletes them). */
export async function inventoryRows(client: RedisScriptClient, trips: () => number, prefix: string, ops: number, concurrency: number): Promise<InventoryRow[]> {
  const store = redisAdapters({ client, prefix }).inventory;
  const service = new InventoryService({ store });
  const skus = Array.from({ length: SKUS }, (_, i) => `SKU-${i}`);
  for (const sku of skus) await service.addInventoryItem(item(sku, 1_000_000_000));
  const rows: InventoryRow[] = [];
  const timed = async (name: string, op: (i: number) => Promise<unknown>): Promise<void> => {
    const before = trips();
    const m = await measure(ops, concurrency, op);
    rows.push({ name, m, trips: (trips() - before) / ops });
  };

  const ids: string[] = [];
  await timed('reserveItems (1 SKU)', async (i) => ids.push((await service.reserveItems([{ sku: skus[i % SKUS] as string, quantity: 1 }])).id));
  await timed('confirmReservation', (i) => service.confirmReservation(ids[i] as string));
  // The adapter alone, without the service's parsing, ids and events: what the Lua step costs.
  await timed('store.reserve (1 SKU, no service)', (i) => store.reserve({ reservationId: `direct-${i}`, lines: [{ sku: skus[i % SKUS] as string, quantity: 1 }], now: 0, expiresAt: 1 }));
  await timed('reserveItems (5 SKUs)', (i) => service.reserveItems(Array.from({ length: 5 }, (_, k) => ({ sku: skus[(i + k * 7) % SKUS] as string, quantity: 1 }))));

  // Every worker on one SKU with only SCARCE units: exactly SCARCE may be granted.
  await service.addInventoryItem(item('SCARCE', SCARCE));
  let granted = 0;
  const before = trips();
  const m = await measure(ops, concurrency, async () => {
    try {
      await service.reserveItems([{ sku: 'SCARCE', quantity: 1 }]);
      granted += 1;
    } catch (error) {
      if (!isCommerceError(error, 'INSUFFICIENT_INVENTORY')) throw error;
    }
  });
  const stock = await service.getInventoryStatus('SCARCE');
  if (stock.reserved !== granted) throw new Error(`reserved ${stock.reserved} but granted ${granted}`);
  rows.push({ name: `reserveItems, one SKU of ${SCARCE} units`, m, trips: (trips() - before) / ops, oversell: Math.max(0, granted - SCARCE) });
  return rows;
}

const item = (sku: string, onHand: number) => ({ sku, productName: `Product ${sku}`, onHand, costPerUnit: { amount: '2.50', currency: 'USD' } });
