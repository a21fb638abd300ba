import assert from 'node:assert/strict';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, SequentialIds, defineConformanceSuite } from '../../src/testing/index.js';

describe('ManualClock and SequentialIds', () => {
  it('moves only when told', () => {
    const clock = new ManualClock('2025-06-01T00:00:00Z');
    const start = clock.now();
    clock.advance({ minutes: 15 });
    expect(clock.now() - start).toBe(15 * 60_000);
    clock.set(0);
    expect(clock.now()).toBe(0);
    expect(() => new ManualClock('not a date')).toThrow(RangeError);
  });

  it('counts per kind', () => {
    const ids = new SequentialIds();
    expect([ids.next('cart'), ids.next('cart'), ids.next('order')]).toEqual(['cart_1', 'cart_2', 'order_1']);
  });
});

// The conformance pattern itself: a toy key-value port, two adapters, one suite.
interface Counter {
  increment(key: string): Promise<number>;
}
const counterConformance = defineConformanceSuite<Counter>('Counter', (test) => {
  test('starts at one and counts up', async ({ store }) => {
    assert.equal(await store.increment('a'), 1);
    assert.equal(await store.increment('a'), 2);
    assert.equal(await store.increment('b'), 1);
  });
  test('gets a fresh store for every test', async ({ store }) => {
    assert.equal(await store.increment('a'), 1);
  });
});

const disposed: string[] = [];
counterConformance({
  name: 'map',
  make: () => {
    const map = new Map<string, number>();
    return {
      store: { increment: (key: string) => Promise.resolve(map.set(key, (map.get(key) ?? 0) + 1).get(key) ?? 0) },
      dispose: () => void disposed.push('map'),
    };
  },
}, { describe, it, afterEach });

describe('conformance harness', () => {
  it('disposed the stores of the tests above', () => {
    expect(disposed).toEqual(['map', 'map']);
  });
});
