/**
 * A dense score array that remembers which entries were touched, so clearing and scanning
 * cost what the query touched, not the catalogue size. One buffer per engine, reused by
 * every query (queries are synchronous once their inputs are read, so they never interleave).
 */
export class ScoreBuffer {
  readonly scores: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.seen = new Uint8Array(capacity);
    this.touched = new Int32Array(capacity);
  }

  add(i: number, v: number): void {
    if (this.seen[i] === 0) {
      this.seen[i] = 1;
      this.touched[this.size++] = i;
    }
    this.scores[i]! += v;
  }

  /** The touched entries with a positive score that `allow` accepts, best `k` first; then clears. */
  takeTop(k: number, allow: (i: number) => boolean): [number, number][] {
    const heap = new TopK(k);
    for (let t = 0; t < this.size; t++) {
      const i = this.touched[t]!;
      const s = this.scores[i]!;
      if (s > 0 && allow(i)) heap.offer(i, s);
    }
    this.clear();
    return heap.sorted();
  }

  /** Calls `fn` for every touched entry (any score), then clears. */
  drain(fn: (i: number, score: number) => void): void {
    for (let t = 0; t < this.size; t++) {
      const i = this.touched[t]!;
      fn(i, this.scores[i]!);
    }
    this.clear();
  }

  clear(): void {
    for (let t = 0; t < this.size; t++) {
      const i = this.touched[t]!;
      this.scores[i] = 0;
      this.seen[i] = 0;
    }
    this.size = 0;
  }
}

/**
 * Keeps the k best (index, score) pairs seen, as a min-heap on score. Ties are broken by the
 * smaller index so every ranking is deterministic.
 */
export class TopK {
  private readonly idx: number[] = [];
  private readonly val: number[] = [];

  constructor(private readonly k: number) {}

  offer(i: number, s: number): void {
    if (this.k <= 0) return;
    if (this.idx.length < this.k) {
      this.idx.push(i);
      this.val.push(s);
      this.up(this.idx.length - 1);
    } else if (better(s, i, this.val[0]!, this.idx[0]!)) {
      this.idx[0] = i;
      this.val[0] = s;
      this.down(0);
    }
  }

  /** Best first. */
  sorted(): [number, number][] {
    const out: [number, number][] = this.idx.map((i, p) => [i, this.val[p]!]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private up(p: number): void {
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (!better(this.val[parent]!, this.idx[parent]!, this.val[p]!, this.idx[p]!)) break;
      this.swap(p, parent);
      p = parent;
    }
  }

  private down(p: number): void {
    const n = this.idx.length;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let worst = p;
      if (l < n && better(this.val[worst]!, this.idx[worst]!, this.val[l]!, this.idx[l]!)) worst = l;
      if (r < n && better(this.val[worst]!, this.idx[worst]!, this.val[r]!, this.idx[r]!)) worst = r;
      if (worst === p) return;
      this.swap(p, worst);
      p = worst;
    }
  }

  private swap(a: number, b: number): void {
    [this.idx[a], this.idx[b]] = [this.idx[b]!, this.idx[a]!];
    [this.val[a], this.val[b]] = [this.val[b]!, this.val[a]!];
  }
}

/** True when (s1, i1) ranks above (s2, i2). */
function better(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 > s2 || (s1 === s2 && i1 < i2);
}
