import { afterEach, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { ExpiryHeap } from '../../src/adapters/memory/expiry-heap.js';
import { inventoryStoreConformance } from '../../src/testing/index.js';
import fc from 'fast-check';

inventoryStoreConformance({ name: 'memory', make: () => ({ store: new MemoryInventoryStore() }) }, { describe, it, afterEach });

describe('ExpiryHeap', () => {
  it('pops entries in time order, the same time in the order pushed, for any insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }), (times) => {
        const heap = new ExpiryHeap();
        times.forEach((at, i) => heap.push({ at, id: String(i) }));
        const out: string[] = [];
        for (let e = heap.pop(); e; e = heap.pop()) out.push(e.id);
        // Array.prototype.sort is stable: equal times keep their pushed order.
        expect(out).toEqual(times.map((at, i) => ({ at, id: String(i) })).sort((a, b) => a.at - b.at).map((e) => e.id));
      }),
    );
  });

  it('shows only what is due', () => {
    const heap = new ExpiryHeap();
    heap.push({ at: 5, id: 'a' });
    expect(heap.peekDue(4)).toBeUndefined();
    expect(heap.peekDue(5)?.id).toBe('a');
  });
});
