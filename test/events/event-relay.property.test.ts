import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventRelay, MemoryEventLog, MemoryOrderStore, type EventDraft } from '../../src/index.js';
import { sampleOrder } from '../../src/testing/index.js';

const draft = (id: string, type: string): EventDraft => ({ type, aggregateId: id, time: 0, schemaVersion: 1, payload: { type } });

describe('EventRelay on any mix of writes, consumers and failing handlers', () => {
  it('settles each event once per group (handled or dead-lettered), in sequence per aggregate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ order: fc.integer({ min: 0, max: 4 }), events: fc.integer({ min: 1, max: 3 }), poison: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 10 }),
        async (writes, consumers, startAfter) => {
          const log = new MemoryEventLog();
          const orders = new MemoryOrderStore({ events: log });
          const started: string[] = [];
          const ok: string[] = [];
          const poisoned = new Set<string>();
          const relays = Array.from(
            { length: consumers },
            (_, i) =>
              new EventRelay({
                logs: [log],
                group: 'g',
                consumer: `c${i}`,
                pollMs: 1,
                maxAttempts: 2,
                backoff: { baseMs: 1, maxMs: 2 },
                handlers: {
                  '*': async (e) => {
                    started.push(e.id);
                    await new Promise((r) => setTimeout(r, e.sequence % 2));
                    if (poisoned.has(e.type)) throw new Error('poison');
                    ok.push(e.id);
                  },
                },
              }),
          );
          const versions = new Map<string, number>();
          let recorded = 0;
          for (const [n, w] of writes.entries()) {
            if (n === startAfter) await Promise.all(relays.map((r) => r.start()));
            const id = `o${w.order}`;
            const types = Array.from({ length: w.events }, (_, k) => `t${n}.${k}`);
            if (w.poison) poisoned.add(types[0] ?? '');
            const events = types.map((t) => draft(id, t));
            const version = versions.get(id);
            if (version === undefined) await orders.create(sampleOrder(id, n), { events });
            else await orders.update(sampleOrder(id, n), version, { events });
            versions.set(id, (version ?? 0) + 1);
            recorded += events.length;
          }
          await Promise.all(relays.map((r) => r.start()));
          const letters = async () => (await relays[0]?.deadLetters({ limit: 1000 }))?.length ?? 0;
          for (let i = 0; i < 2000 && ok.length + (await letters()) < recorded; i++) await new Promise((r) => setTimeout(r, 1));
          await Promise.all(relays.map((r) => r.stop()));

          const dead = (await relays[0]?.deadLetters({ limit: 1000 })) ?? [];
          expect(ok.length + dead.length).toBe(recorded);
          expect(new Set([...ok, ...dead.map((l) => l.event.id)]).size).toBe(recorded);
          for (const l of dead) expect(l.attempts).toBe(2);
          // First starts per aggregate come in sequence order.
          const firstStarts = [...new Set(started)];
          for (let o = 0; o < 5; o++) {
            const seqs = firstStarts.filter((id) => id.startsWith(`o${o}:`)).map((id) => Number(id.split(':')[1]));
            expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
