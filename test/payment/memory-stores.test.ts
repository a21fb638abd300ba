import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBinLookup, MemoryGeoIp, MemoryPaymentStore, MemoryVelocityStore } from '../../src/index.js';
import { paymentStoreConformance, velocityStoreConformance } from '../../src/testing/index.js';

paymentStoreConformance({ name: 'memory', make: () => ({ store: new MemoryPaymentStore() }) }, { describe, it, afterEach });
velocityStoreConformance({ name: 'memory', make: () => ({ store: new MemoryVelocityStore() }) }, { describe, it, afterEach });

describe('MemoryGeoIp', () => {
  it('matches the most specific CIDR block, and exact addresses', async () => {
    const geo = new MemoryGeoIp({ '10.0.0.0/8': 'US', '10.1.0.0/16': 'DE', '2001:db8::1': 'FR', '0.0.0.0/0': 'ZZ' });
    expect(await geo.country('10.1.2.3')).toBe('DE');
    expect(await geo.country('10.2.0.1')).toBe('US');
    expect(await geo.country('11.0.0.1')).toBe('ZZ');
    expect(await geo.country('2001:DB8::1')).toBe('FR');
    expect(await geo.country('2001:db8::2')).toBeNull();
    expect(await geo.country('not an ip')).toBeNull();
    expect(() => new MemoryGeoIp({ '10.0.0.0/33': 'US' })).toThrow(/CIDR/);
  });
});

describe('MemoryBinLookup', () => {
  it('answers the longest matching prefix', async () => {
    const bins = new MemoryBinLookup({ '4': { brand: 'visa' }, '424242': { country: 'GB', brand: 'visa' } });
    expect(await bins.lookup('42424242')).toEqual({ country: 'GB', brand: 'visa' });
    expect(await bins.lookup('411111')).toEqual({ brand: 'visa' });
    expect(await bins.lookup('511111')).toBeNull();
  });
});
