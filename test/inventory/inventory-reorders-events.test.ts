import { describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { InventoryService, type InventoryStore } from '../../src/inventory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { item, rejection, setup } from './fixtures.js';

describe('InventoryService: reorders', () => {
  it('sends one reorder per item until stock is received', async () => {
    const { inventory, reorders, named, clock } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 10, reorderPoint: 4, reorderQuantity: 25, supplierId: 'acme' }));
    await inventory.reserveItems([{ sku: 'A', quantity: 5 }]);
    expect(reorders.requests).toHaveLength(0);
    const r = await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    expect(reorders.requests).toHaveLength(1);
    const request = reorders.requests[0];
    expect(request).toMatchObject({ requestId: 'A#1', sku: 'A', supplierId: 'acme', quantity: 25, available: 4, reorderPoint: 4, requestedAt: clock.now() });
    expect(request?.costPerUnit.toString()).toBe('2.50 USD');
    await inventory.confirmReservation(r.id);
    await inventory.updateStock('A', 2, 'subtract');
    await inventory.updateStock('A', 6, 'set');
    expect(reorders.requests).toHaveLength(1);
    expect((await inventory.getInventoryStatus('A')).reorderPending).toBe(true);
    await inventory.updateStock('A', 10, 'add', 'PO A#1');
    expect((await inventory.getInventoryStatus('A')).reorderPending).toBe(false);
    await inventory.updateStock('A', 10, 'subtract');
    expect(reorders.requests.map((q) => q.requestId)).toEqual(['A#1', 'A#2']);
    expect(named('inventory.reorder_requested')).toEqual(reorders.requests);
  });

  it('asks again on the next change when the sink failed, and the change itself stands', async () => {
    const { inventory, reorders, named } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 10, reorderPoint: 5, reorderQuantity: 10 }));
    reorders.failing = true;
    const r = await inventory.reserveItems([{ sku: 'A', quantity: 6 }]);
    expect(r.status).toBe('active');
    expect(await inventory.getInventoryStatus('A')).toMatchObject({ reserved: 6, reorderPending: false });
    expect(named('inventory.reorder_requested')).toHaveLength(0);
    reorders.failing = false;
    await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    expect(reorders.requests.map((q) => q.requestId)).toEqual(['A#2']);
  });

  it('announces reorders as events when no sink is configured', async () => {
    const { named } = setup();
    const events: unknown[] = [];
    const inventory = new InventoryService({ store: new MemoryInventoryStore(), clock: new ManualClock(), events: { emit: (name, payload) => void events.push([name, payload]) } });
    await inventory.addInventoryItem(item('A', { onHand: 1, reorderPoint: 1, reorderQuantity: 3 }));
    expect(events.filter((e) => (e as [string])[0] === 'inventory.reorder_requested')).toHaveLength(1);
    expect(named('inventory.reorder_requested')).toHaveLength(0);
  });
});

describe('InventoryService: status events', () => {
  it('emits low_stock and out_of_stock only when the status changes', async () => {
    const { inventory, named } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 10, reorderPoint: 3 }));
    await inventory.reserveItems([{ sku: 'A', quantity: 6 }]);
    expect(named('inventory.low_stock')).toHaveLength(0);
    const r = await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    expect(named('inventory.low_stock')).toEqual([expect.objectContaining({ sku: 'A', status: 'low_stock', previousStatus: 'in_stock', available: 3 })]);
    await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    expect(named('inventory.low_stock')).toHaveLength(1);
    await inventory.reserveItems([{ sku: 'A', quantity: 2 }]);
    expect(named('inventory.out_of_stock')).toEqual([expect.objectContaining({ status: 'out_of_stock', previousStatus: 'low_stock', available: 0 })]);
    await inventory.releaseReservation(r.id);
    expect(named('inventory.status_changed').map((e) => (e as { status: string }).status)).toEqual(['in_stock', 'low_stock', 'out_of_stock', 'low_stock']);
    expect(named('inventory.low_stock')).toHaveLength(2);
  });

  it('a throwing event sink never breaks a stored command', async () => {
    const store = new MemoryInventoryStore();
    const inventory = new InventoryService({ store, events: { emit: () => { throw new Error('listener bug'); } } });
    await inventory.addInventoryItem(item('A'));
    const r = await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    expect((await store.getReservation(r.id))?.status).toBe('active');
  });
});

describe('InventoryService: port failures', () => {
  it('turns a failing store into STORE_UNAVAILABLE', async () => {
    const broken = new Proxy(new MemoryInventoryStore(), {
      get: (target, prop) => (prop === 'reserve' ? () => Promise.reject(new Error('connection reset')) : Reflect.get(target, prop, target) as unknown),
    }) as InventoryStore;
    const inventory = new InventoryService({ store: broken });
    await inventory.addInventoryItem(item('A'));
    const error = await rejection(inventory.reserveItems([{ sku: 'A', quantity: 1 }]), 'STORE_UNAVAILABLE');
    expect(error.message).toContain('connection reset');
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(0);
  });

  it('lists movements with paging', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('A'));
    for (let i = 0; i < 3; i++) await inventory.updateStock('A', 1, 'add', `PO-${i}`);
    const page = await inventory.listMovements({ sku: 'A', limit: 2 });
    expect(page.map((m) => m.reason)).toEqual(['initial stock', 'PO-0']);
    const rest = await inventory.listMovements({ sku: 'A', afterSeq: page[1]?.seq ?? 0 });
    expect(rest.map((m) => m.reason)).toEqual(['PO-1', 'PO-2']);
    await rejection(inventory.listMovements({ sku: 'A', limit: 0 }), 'VALIDATION_FAILED');
  });
});
