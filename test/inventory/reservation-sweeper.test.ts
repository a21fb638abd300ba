import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReservationSweeper } from '../../src/inventory/index.js';
import { item, setup } from './fixtures.js';

describe('ReservationSweeper', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('starts nothing until asked, sweeps on its interval, and stops', async () => {
    const { inventory, clock } = setup();
    expect(vi.getTimerCount()).toBe(0);
    await inventory.addInventoryItem(item('A', { onHand: 10 }));
    await inventory.reserveItems([{ sku: 'A', quantity: 3 }], { ttlMs: 1000 });
    const swept: number[] = [];
    const sweeper = new ReservationSweeper(inventory, { intervalMs: 500, onSweep: (n) => void swept.push(n) });
    expect(vi.getTimerCount()).toBe(0);
    sweeper.start().start();
    expect([sweeper.running, vi.getTimerCount()]).toEqual([true, 1]);
    await vi.advanceTimersByTimeAsync(500);
    expect(swept).toEqual([0]);
    clock.advance(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(swept).toEqual([0, 1]);
    expect((await inventory.getInventoryStatus('A')).reserved).toBe(0);
    await sweeper.stop();
    expect([sweeper.running, vi.getTimerCount()]).toEqual([false, 0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(swept).toHaveLength(2);
  });

  it('never overlaps sweeps and reports failures without stopping', async () => {
    let calls = 0;
    let finish: (() => void) | undefined;
    const errors: unknown[] = [];
    const slow = {
      sweepExpiredReservations: () => {
        calls += 1;
        if (calls === 2) return Promise.reject(new Error('store down'));
        return new Promise<number>((resolve) => (finish = () => resolve(0)));
      },
    };
    const sweeper = new ReservationSweeper(slow, { intervalMs: 100, onError: (e) => void errors.push(e) }).start();
    await vi.advanceTimersByTimeAsync(350);
    expect(calls).toBe(1);
    finish?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(3);
    const stopping = sweeper.stop();
    finish?.();
    await stopping;
    expect(() => new ReservationSweeper(slow, { intervalMs: 0 })).toThrow(RangeError);
  });
});
