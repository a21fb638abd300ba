import { afterEach, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { ExpiryHeap } from '../../src/adapters/memory/expiry-heap.js';
import { inventoryStoreConformance } from '../../src/testing/index.js';
import fc from 'fast-check';

inventoryStoreConformance({ name: 'memory', make: () => ({ store: new MemoryInventoryStore() }) }, { describe, it, afterEach });

describe('ExpiryHeap', () => {
  it('pops entries in time order for any insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), (times) => {
        const heap = new ExpiryHeap();
        times.forEach((at, i) => heap.push({ at, id: String(i) }));
        const out: number[] = [];
        for (let e = heap.pop(); e; e = heap.pop()) out.push(e.at);
        expect(out).toEqual([...times].sort((a, b) => a - b));
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
