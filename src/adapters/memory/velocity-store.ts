import type { VelocityStore } from '../../ports/velocity-store.js';
import { assertWellFormed } from '../../shared/well-formed.js';

/** In-process sliding-window counters: per key, each member with the last time it was seen. */
export class MemoryVelocityStore implements VelocityStore {
  private readonly keys = new Map<string, { members: Map<string, number>; retainMs: number }>();

  async record(input: { entries: { key: string; member: string }[]; at: number; retainMs: number }): Promise<void> {
    assertWellFormed(input, 'VelocityStore.record');
    for (const { key, member } of input.entries) {
      let slot = this.keys.get(key);
      if (!slot) {
        slot = { members: new Map(), retainMs: input.retainMs };
        this.keys.set(key, slot);
      }
      slot.retainMs = Math.max(slot.retainMs, input.retainMs);
      slot.members.set(member, Math.max(slot.members.get(member) ?? 0, input.at));
      // Trim while writing so a hot key never grows past its window.
      for (const [m, at] of slot.members) if (at < input.at - slot.retainMs) slot.members.delete(m);
    }
  }

  async count(queries: { key: string; since: number }[]): Promise<number[]> {
    assertWellFormed(queries, 'VelocityStore.count');
    return queries.map(({ key, since }) => {
      let n = 0;
      for (const at of this.keys.get(key)?.members.values() ?? []) if (at >= since) n++;
      return n;
    });
  }
}
