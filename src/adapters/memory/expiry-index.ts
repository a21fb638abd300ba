/**
 * A min-heap of (expiresAt, id) with lazy deletion: a write pushes a fresh entry and the
 * old one stays until it surfaces, where it is recognised as stale (the id's current
 * expiry differs) and dropped. Finding expired ids costs O(k log n) for k of them, never
 * a scan of every entry. When stale entries outnumber live ones the heap is rebuilt.
 */
export class ExpiryIndex {
  private heap: { at: number; id: string }[] = [];
  private readonly current = new Map<string, number>();

  set(id: string, at: number): void {
    this.current.set(id, at);
    this.push({ at, id });
    if (this.heap.length > 2 * this.current.size + 1024) this.rebuild();
  }

  delete(id: string): void {
    this.current.delete(id);
  }

  /** Ids whose expiry is <= now, oldest first, at most `limit`; they are removed from the index. */
  takeDue(now: number, limit: number): string[] {
    const due: string[] = [];
    while (due.length < limit) {
      const top = this.heap[0];
      if (!top || top.at > now) break;
      this.pop();
      if (this.current.get(top.id) !== top.at) continue;
      this.current.delete(top.id);
      due.push(top.id);
    }
    return due;
  }

  private rebuild(): void {
    this.heap = [...this.current].map(([id, at]) => ({ id, at })).sort((a, b) => a.at - b.at);
  }

  private push(entry: { at: number; id: string }): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as { at: number; id: string };
      if (p.at <= entry.at) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const l = heap[left] as { at: number; id: string };
      const r = heap[right];
      const child = r && r.at < l.at ? right : left;
      const c = heap[child] as { at: number; id: string };
      if (c.at >= last.at) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
