import type { IdGenerator } from '../ports/id-generator.js';

/** Readable, repeatable ids for tests: `cart_1`, `cart_2`, `order_1`, ... */
export class SequentialIds implements IdGenerator {
  private readonly counters = new Map<string, number>();

  constructor(private readonly prefix = '') {}

  next(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.prefix}${kind}_${n}`;
  }
}
