import { describe, expect, it } from 'vitest';
import { Money } from '../../src/shared/index.js';
import { item, rejection, setup } from './fixtures.js';

describe('InventoryService: items and stock', () => {
  it('adds an item with defaults, Money cost and an initial receipt', async () => {
    const { inventory } = setup();
    const added = await inventory.addInventoryItem(item('A', { onHand: 7, location: 'B2', supplierId: 'acme' }));
    expect(added).toMatchObject({ sku: 'A', onHand: 7, reserved: 0, available: 7, status: 'in_stock', location: 'B2', supplierId: 'acme', allowBackorder: false, discontinued: false });
    expect(added.costPerUnit.equals(Money.of('2.50', 'USD'))).toBe(true);
    await rejection(inventory.addInventoryItem(item('A')), 'SKU_EXISTS');
    const moves = await inventory.listMovements({ sku: 'A' });
    expect(moves.map((m) => [m.kind, m.onHandDelta, m.reason])).toEqual([['receipt', 7, 'initial stock']]);
  });

  it('refuses bad input with VALIDATION_FAILED and writes nothing', async () => {
    const { inventory, store } = setup();
    await rejection(inventory.addInventoryItem(item('A', { costPerUnit: { amount: 2.5, currency: 'USD' } })), 'VALIDATION_FAILED');
    await rejection(inventory.addInventoryItem(item('A', { onHand: -1 })), 'VALIDATION_FAILED');
    await rejection(inventory.addInventoryItem(item('A', { costPerUnit: { amount: '-1', currency: 'USD' } })), 'VALIDATION_FAILED');
    expect(await store.getItem('A')).toBeUndefined();
    await inventory.addInventoryItem(item('A'));
    await rejection(inventory.reserveItems([]), 'VALIDATION_FAILED');
    await rejection(inventory.reserveItems([{ sku: 'A', quantity: 0 }]), 'VALIDATION_FAILED');
    await rejection(inventory.reserveItems([{ sku: 'A', quantity: 1.5 }]), 'VALIDATION_FAILED');
    await rejection(inventory.reserveItems([{ sku: 'A', quantity: 1 }], { ttlMs: -5 }), 'VALIDATION_FAILED');
    await rejection(inventory.updateStock('A', 0, 'add'), 'VALIDATION_FAILED');
    await rejection(inventory.updateStock('A', 1, 'multiply' as 'add'), 'VALIDATION_FAILED');
    await rejection(inventory.confirmReservation(''), 'VALIDATION_FAILED');
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(0);
    expect(() => setup({ reservationTtlMs: 0 })).toThrow(/reservationTtlMs/);
  });

  it('updates stock by set, add and subtract with a reason, refusing to go below zero', async () => {
    const { inventory, named } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 5 }));
    expect((await inventory.updateStock('A', 10, 'add', 'PO-7')).onHand).toBe(15);
    expect((await inventory.updateStock('A', 4, 'subtract')).onHand).toBe(11);
    expect((await inventory.updateStock('A', 3, 'set', 'cycle count')).onHand).toBe(3);
    const error = await rejection(inventory.updateStock('A', 4, 'subtract'), 'STOCK_NEGATIVE');
    expect(error.details).toMatchObject({ sku: 'A', onHand: 3, requested: -1 });
    await inventory.reserveItems([{ sku: 'A', quantity: 2 }]);
    await rejection(inventory.updateStock('A', 1, 'set'), 'STOCK_NEGATIVE');
    const moves = await inventory.listMovements({ sku: 'A' });
    expect(moves.map((m) => `${m.kind} ${m.onHandDelta} ${m.reason}`)).toEqual([
      'receipt 5 initial stock',
      'receipt 10 PO-7',
      'adjustment -4 stock removed',
      'adjustment -8 cycle count',
      'reservation 0 reserved',
    ]);
    expect(named('inventory.stock_updated')).toHaveLength(3);
    await rejection(inventory.updateStock('X', 1, 'add'), 'SKU_NOT_FOUND');
  });

  it('lets a backorderable item go below zero on hand', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('B', { onHand: 1, allowBackorder: true }));
    const after = await inventory.updateStock('B', 3, 'subtract', 'damaged');
    expect([after.onHand, after.available, after.status]).toEqual([-2, -2, 'backordered']);
  });

  it('derives every status', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('in', { onHand: 10, reorderPoint: 3 }));
    await inventory.addInventoryItem(item('low', { onHand: 3, reorderPoint: 3 }));
    await inventory.addInventoryItem(item('out', { onHand: 0 }));
    await inventory.addInventoryItem(item('back', { onHand: 0, allowBackorder: true }));
    await inventory.addInventoryItem(item('gone', { onHand: 50, discontinued: true }));
    const statuses = await Promise.all(['in', 'low', 'out', 'back', 'gone'].map(async (s) => (await inventory.getInventoryStatus(s)).status));
    expect(statuses).toEqual(['in_stock', 'low_stock', 'out_of_stock', 'backordered', 'discontinued']);
    expect((await inventory.getLowStockItems()).map((i) => i.sku)).toEqual(['back', 'low', 'out']);
    await rejection(inventory.getInventoryStatus('nope'), 'SKU_NOT_FOUND');
    expect((await inventory.setDiscontinued('in')).status).toBe('discontinued');
    expect((await inventory.setDiscontinued('in', false)).status).toBe('in_stock');
  });
});

describe('InventoryService: availability and reservations', () => {
  it('checks availability of a list, summing same-SKU lines', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 3 }));
    await inventory.addInventoryItem(item('B', { onHand: 0, allowBackorder: true }));
    await inventory.addInventoryItem(item('D', { discontinued: true }));
    expect(await inventory.checkAvailability([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 9 }])).toEqual({ available: true, shortages: [] });
    const check = await inventory.checkAvailability([{ sku: 'A', quantity: 2 }, { sku: 'A', quantity: 2 }, { sku: 'X', quantity: 1 }, { sku: 'D', quantity: 1 }]);
    expect(check).toEqual({
      available: false,
      shortages: [
        { sku: 'A', requested: 4, available: 3 },
        { sku: 'D', requested: 1, available: 0 },
        { sku: 'X', requested: 1, available: 0 },
      ],
    });
    expect(await inventory.checkAvailability('A', 3)).toEqual({ available: true, shortages: [] });
    expect((await inventory.checkAvailability('A', 4)).available).toBe(false);
    await rejection(inventory.checkAvailability('A', 0), 'VALIDATION_FAILED');
  });

  it('reserves all or nothing, summing lines and listing every shortage', async () => {
    const { inventory, clock, named } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 5 }));
    await inventory.addInventoryItem(item('B', { onHand: 2 }));
    await inventory.addInventoryItem(item('C', { onHand: 1 }));
    const error = await rejection(
      inventory.reserveItems([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 2 }, { sku: 'A', quantity: 3 }, { sku: 'C', quantity: 2 }]),
      'INSUFFICIENT_INVENTORY',
    );
    expect(error.details.shortages).toEqual([{ sku: 'A', requested: 6, available: 5 }, { sku: 'C', requested: 2, available: 1 }]);
    expect(error.message).toContain('A (requested 6, available 5)');
    expect((await inventory.getInventoryStatus('B')).reserved).toBe(0);
    expect(named('inventory.reserved')).toHaveLength(0);

    const r = await inventory.reserveItems([{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 2 }, { sku: 'A', quantity: 3 }], { orderId: 'o-1' });
    expect(r).toMatchObject({ id: expect.stringMatching(/^reservation_/) as string, status: 'active', orderId: 'o-1', expiresAt: clock.now() + 15 * 60_000 });
    expect(r.lines).toEqual([{ sku: 'A', quantity: 5, backordered: 0 }, { sku: 'B', quantity: 1, backordered: 0 }]);
    expect((await inventory.getInventoryStatus('A')).available).toBe(0);
    expect(named('inventory.reserved')).toHaveLength(1);
    expect((await inventory.reserveItems([{ sku: 'B', quantity: 1 }], { ttlMs: 1000 })).expiresAt).toBe(clock.now() + 1000);
  });

  it('refuses unknown and discontinued SKUs', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('A'));
    await inventory.addInventoryItem(item('D', { discontinued: true }));
    expect((await rejection(inventory.reserveItems([{ sku: 'X', quantity: 1 }, { sku: 'A', quantity: 1 }]), 'SKU_NOT_FOUND')).details.skus).toEqual(['X']);
    expect((await rejection(inventory.reserveItems([{ sku: 'D', quantity: 1 }]), 'SKU_DISCONTINUED')).details.skus).toEqual(['D']);
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(0);
  });

  it('reserves a backorderable SKU beyond its stock and says so', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('B', { onHand: 2, allowBackorder: true }));
    const r = await inventory.reserveItems([{ sku: 'B', quantity: 5 }]);
    expect(r.lines).toEqual([{ sku: 'B', quantity: 5, backordered: 3 }]);
    expect(await inventory.getInventoryStatus('B')).toMatchObject({ available: -3, status: 'backordered' });
  });

  it('confirms and releases idempotently', async () => {
    const { inventory, named } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 10 }));
    const r1 = await inventory.reserveItems([{ sku: 'A', quantity: 4 }]);
    expect(await inventory.confirmReservation(r1.id)).toMatchObject({ changed: true, reservation: { status: 'confirmed' } });
    expect(await inventory.confirmReservation(r1.id)).toMatchObject({ changed: false, reservation: { status: 'confirmed' } });
    expect(await inventory.getInventoryStatus('A')).toMatchObject({ onHand: 6, reserved: 0 });
    expect((await rejection(inventory.releaseReservation(r1.id), 'RESERVATION_NOT_ACTIVE')).details.status).toBe('confirmed');

    const r2 = await inventory.reserveItems([{ sku: 'A', quantity: 2 }]);
    expect(await inventory.releaseReservation(r2.id)).toMatchObject({ changed: true, reservation: { status: 'released' } });
    expect(await inventory.releaseReservation(r2.id)).toMatchObject({ changed: false, reservation: { status: 'released' } });
    expect((await rejection(inventory.confirmReservation(r2.id), 'RESERVATION_NOT_ACTIVE')).details.status).toBe('released');
    expect(await inventory.getInventoryStatus('A')).toMatchObject({ onHand: 6, reserved: 0 });
    expect(named('inventory.reservation_confirmed')).toHaveLength(1);
    expect(named('inventory.reservation_released')).toHaveLength(1);
    await rejection(inventory.confirmReservation('nope'), 'RESERVATION_NOT_FOUND');
    await rejection(inventory.getReservation('nope'), 'RESERVATION_NOT_FOUND');
    expect((await inventory.getReservation(r2.id)).status).toBe('released');
  });

  it('expires reservations by the clock, refuses to confirm them, and extends live ones', async () => {
    const { inventory, clock, named } = setup({ reservationTtlMs: 10 * 60_000 });
    await inventory.addInventoryItem(item('A', { onHand: 10 }));
    const short = await inventory.reserveItems([{ sku: 'A', quantity: 1 }]);
    const kept = await inventory.reserveItems([{ sku: 'A', quantity: 2 }]);
    clock.advance({ minutes: 9 });
    expect((await inventory.extendReservation(kept.id, { ttlMs: 5 * 60_000 })).expiresAt).toBe(clock.now() + 5 * 60_000);
    clock.advance({ minutes: 1 });
    expect((await rejection(inventory.confirmReservation(short.id), 'RESERVATION_NOT_ACTIVE')).details.status).toBe('expired');
    await rejection(inventory.extendReservation(short.id), 'RESERVATION_NOT_ACTIVE');
    expect(await inventory.sweepExpiredReservations()).toBe(1);
    expect(await inventory.sweepExpiredReservations()).toBe(0);
    expect((await inventory.getReservation(short.id)).status).toBe('expired');
    expect(await inventory.releaseReservation(short.id)).toMatchObject({ changed: false });
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(2);
    expect(named('inventory.reservation_expired')).toHaveLength(1);
    clock.advance({ minutes: 3, seconds: 59 });
    expect((await inventory.confirmReservation(kept.id)).changed).toBe(true);
  });

  it('sweeps in batches and counts them all', async () => {
    const { inventory, clock } = setup();
    await inventory.addInventoryItem(item('A', { onHand: 100 }));
    for (let i = 0; i < 7; i++) await inventory.reserveItems([{ sku: 'A', quantity: 1 }], { ttlMs: 1000 });
    await inventory.reserveItems([{ sku: 'A', quantity: 1 }], { ttlMs: 5000 });
    clock.advance(1000);
    expect(await inventory.sweepExpiredReservations({ batchSize: 2 })).toBe(7);
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(1);
  });

  it('reserves exactly 100 of 100 units under 200 concurrent single-unit reservations', async () => {
    const { inventory } = setup();
    await inventory.addInventoryItem(item('HOT', { onHand: 100 }));
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => inventory.reserveItems([{ sku: 'HOT', quantity: 1 }])));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(100);
    expect(lost.every((r) => (r.reason as { code?: string }).code === 'INSUFFICIENT_INVENTORY')).toBe(true);
    expect(await inventory.getInventoryStatus('HOT')).toMatchObject({ onHand: 100, reserved: 100, available: 0, status: 'out_of_stock' });
  });
});
