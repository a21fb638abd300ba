import { ExpiryHeap } from './expiry-heap.js';

/**
 * The current expiry of each id, over an ExpiryHeap with lazy deletion: a write pushes a
 * fresh entry and the old one stays until it surfaces, where it is recognised as stale (the
 * id's current expiry differs) and dropped. Finding expired ids costs O(k log n) for k of
 * them, never a scan of every entry. When stale entries outnumber live ones the heap is
 * rebuilt from the current expiries.
 */
export class ExpiryIndex {
  private heap = new ExpiryHeap();
  private readonly current = new Map<string, number>();

  set(id: string, at: number): void {
    this.current.set(id, at);
    this.heap.push({ at, id });
    if (this.heap.size > 2 * this.current.size + 1024) this.rebuild();
  }

  delete(id: string): void {
    this.current.delete(id);
  }

  /** Ids whose expiry is <= now, oldest first, at most `limit`; they are removed from the index. */
  takeDue(now: number, limit: number): string[] {
    const due: string[] = [];
    for (let top = this.heap.peekDue(now); top && due.length < limit; top = this.heap.peekDue(now)) {
      this.heap.pop();
      if (this.current.get(top.id) !== top.at) continue;
      this.current.delete(top.id);
      due.push(top.id);
    }
    return due;
  }

  private rebuild(): void {
    this.heap = new ExpiryHeap();
    for (const [id, at] of this.current) this.heap.push({ at, id });
  }
}
