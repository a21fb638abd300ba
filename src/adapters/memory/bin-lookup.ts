import type { BinInfo, BinLookup } from '../../ports/bin-lookup.js';

/** A BinLookup from a table the host fills, keyed by BIN prefix; the longest matching prefix wins. */
export class MemoryBinLookup implements BinLookup {
  private readonly table = new Map<string, BinInfo>();

  constructor(table: Record<string, BinInfo> = {}) {
    for (const [prefix, info] of Object.entries(table)) this.table.set(prefix, { ...info });
  }

  set(prefix: string, info: BinInfo): this {
    this.table.set(prefix, { ...info });
    return this;
  }

  lookup(bin: string): Promise<BinInfo | null> {
    for (let length = Math.min(bin.length, 8); length >= 1; length--) {
      const found = this.table.get(bin.slice(0, length));
      if (found) return Promise.resolve({ ...found });
    }
    return Promise.resolve(null);
  }
}
