// The parts of PgSteps the conformance suites do not reach on their own: the dollar-quoted
// literals of its one-round-trip statements, and what a broken pool answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literal, PgSteps } from '../../src/adapters/postgres/steps.js';
import type { PgPool } from '../../src/adapters/postgres/client.js';
import { pgSkipReason, pgTestSpace } from './harness.js';

const skip = await pgSkipReason('PgSteps');
const space = pgTestSpace('steps');

describe('PgSteps', () => {
  it.skipIf(skip)(`a dollar-quoted literal reads back as the very text, whatever it holds${skip ? ` SKIPPED: ${skip}` : ''}`, async () => {
    const pool = space.pool();
    // PostgreSQL text holds no NUL; tags and quotes are what could break a literal.
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom("'", '$ck$', '$ck$$ck0$', '\\', "$$'$ck1$")).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')), async (s) => {
        const { rows } = await pool.query<{ v: string }>(`SELECT ${literal(s)}::text AS v`);
        expect(rows[0]?.v).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('a pool that cannot connect answers STORE_UNAVAILABLE, for reads and for steps', async () => {
    const broken: PgPool = {
      query: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
      connect: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
    };
    const steps = new PgSteps(broken, '"nowhere"');
    await expect(steps.read('read', 'SELECT 1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(steps.write('write', undefined, () => Promise.reject(new Error('never reached')))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
