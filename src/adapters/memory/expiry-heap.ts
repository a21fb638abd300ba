/** One scheduled expiry: `id` (a reservation, a cart) expires at `at` (epoch ms). */
export interface ExpiryEntry {
  at: number;
  id: string;
}

/** An entry and when it was pushed: entries of the same time pop in the order pushed. */
interface Queued extends ExpiryEntry {
  order: number;
}

const before = (a: Queued, b: Queued): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

/**
 * A binary min-heap of expiries, by time, then by the order they were pushed (reservations
 * that expire together go in the order they were made). Entries are never removed in place:
 * a reservation that is confirmed, released or extended leaves its old entry behind, and the
 * reader drops it when it surfaces (the caller checks the entry still matches). So push and
 * pop are O(log n), and draining the due entries costs O(due log n), independent of the
 * entries not yet due.
 */
export class ExpiryHeap {
  private readonly entries: Queued[] = [];
  private pushed = 0;

  get size(): number {
    return this.entries.length;
  }

  push({ at, id }: ExpiryEntry): void {
    const heap = this.entries;
    const entry = { at, id, order: this.pushed++ };
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(heap[parent] as Queued, entry)) break;
      heap[i] = heap[parent] as Queued;
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
      const child = right < heap.length && before(heap[right] as Queued, heap[left] as Queued) ? right : left;
      if (!before(heap[child] as Queued, last)) break;
      heap[i] = heap[child] as Queued;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
