import assert from 'node:assert/strict';
import { CommerceError } from '../shared/errors.js';

/**
 * Shared pieces of the conformance suites' replay and Unicode tests (ports/replay.ts,
 * shared/well-formed.ts): every store port states the same two rules.
 */

/** A string with a lone high surrogate: no UTF-8 encoding exists for it. */
export const LONE_SURROGATE = 'bad\uD800';

/** Asserts that `call` is refused with VALIDATION_FAILED naming an ill-formed string. */
export async function assertRefusesIllFormed(call: () => Promise<unknown>): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof CommerceError, `expected a CommerceError, got ${String(error)}`);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.match(error.message, /well-formed/);
    return true;
  });
}
