/** One scheduled expiry: reservation `id` expires at `at` (epoch ms). */
export interface ExpiryEntry {
  at: number;
  id: string;
}

/**
 * A binary min-heap of expiries. Entries are never removed in place: a reservation that is
 * confirmed, released or extended leaves its old entry behind, and the reader drops it when
 * it surfaces (the caller checks the entry still matches). So push and pop are O(log n), and
 * draining the due entries costs O(due log n), independent of the entries not yet due.
 */
export class ExpiryHeap {
  private readonly entries: ExpiryEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(entry: ExpiryEntry): void {
    const heap = this.entries;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as ExpiryEntry).at <= entry.at) break;
      heap[i] = heap[parent] as ExpiryEntry;
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest entry, if it is due at `now`. */
  peekDue(now: number): ExpiryEntry | undefined {
    const top = this.entries[0];
    return top && top.at <= now ? top : undefined;
  }

  pop(): ExpiryEntry | undefined {
    const heap = this.entries;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && (heap[right] as ExpiryEntry).at < (heap[left] as ExpiryEntry).at ? right : left;
      if ((heap[child] as ExpiryEntry).at >= last.at) break;
      heap[i] = heap[child] as ExpiryEntry;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
