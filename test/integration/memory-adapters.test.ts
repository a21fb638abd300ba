import { describe, expect, it } from 'vitest';
import { memoryAdapters } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';

describe('memoryAdapters', () => {
  it('gives every port under its key, and two calls share nothing', async () => {
    const a = memoryAdapters();
    const b = memoryAdapters();
    const keys = ['catalog', 'carts', 'promotions', 'inventory', 'checkouts', 'orders', 'payments', 'velocity', 'idempotency', 'interactions', 'modelSnapshots', 'eventLog', 'geoIp', 'binLookup'] as const;
    expect(Object.keys(a).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(a[key]).not.toBe(b[key]);
    await a.idempotency.claim({ key: 'k', fingerprint: 'fp', owner: 'o', lockMs: 1_000 });
    expect(await a.idempotency.get('k')).not.toBeNull();
    expect(await b.idempotency.get('k')).toBeNull();
  });

  it('fills the reference tables and runs expiry on the given clock', async () => {
    const clock = new ManualClock();
    const adapters = memoryAdapters({ clock, geoIp: { '81.2.69.0/24': 'GB' }, binLookup: { '424242': { country: 'US' } } });
    expect(await adapters.geoIp.country('81.2.69.7')).toBe('GB');
    expect((await adapters.binLookup.lookup('42424242'))?.country).toBe('US');
    await adapters.idempotency.claim({ key: 'k', fingerprint: 'fp', owner: 'o', lockMs: 1_000 });
    clock.advance(1_001);
    // The lock lapsed on the injected clock, so another owner may claim the key.
    const again = await adapters.idempotency.claim({ key: 'k', fingerprint: 'fp', owner: 'p', lockMs: 1_000 });
    expect(again).toEqual({ state: 'claimed' });
    // Model snapshots are stamped with the same clock.
    const saved = await adapters.modelSnapshots.save({ name: 'default', trainedAt: 1, snapshot: { a: 1 } });
    expect(saved.savedAt).toBe(clock.now());
  });
});
