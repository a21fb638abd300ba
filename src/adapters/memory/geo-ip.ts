import type { GeoIp } from '../../ports/geo-ip.js';

/**
 * A GeoIp from a table the host fills: IPv4 CIDR blocks (`81.2.69.0/24`) or exact
 * addresses (IPv4 or IPv6). The most specific block wins.
 */
export class MemoryGeoIp implements GeoIp {
  private readonly exact = new Map<string, string>();
  private readonly blocks: { base: number; bits: number; country: string }[] = [];

  constructor(table: Record<string, string> = {}) {
    for (const [range, country] of Object.entries(table)) this.add(range, country);
  }

  add(range: string, country: string): this {
    const [address, bits] = range.split('/');
    const base = address === undefined ? null : ipv4ToInt(address);
    if (bits === undefined || base === null) {
      this.exact.set(range.toLowerCase(), country.toUpperCase());
    } else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > 32) throw new RangeError(`MemoryGeoIp: bad CIDR ${range}`);
      this.blocks.push({ base: mask(base, n), bits: n, country: country.toUpperCase() });
      this.blocks.sort((a, b) => b.bits - a.bits);
    }
    return this;
  }

  country(ip: string): Promise<string | null> {
    const exact = this.exact.get(ip.toLowerCase());
    if (exact) return Promise.resolve(exact);
    const value = ipv4ToInt(ip);
    if (value === null) return Promise.resolve(null);
    const block = this.blocks.find((b) => mask(value, b.bits) === b.base);
    return Promise.resolve(block?.country ?? null);
  }
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function mask(value: number, bits: number): number {
  // Multiplication instead of << keeps the arithmetic unsigned for /0 and high addresses.
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) * size;
}
