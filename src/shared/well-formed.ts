import { CommerceError } from './errors.js';

/**
 * Every string a store keeps or looks up must be well-formed Unicode: no lone UTF-16
 * surrogate. A lone surrogate has no UTF-8 encoding, so a driver sends U+FFFD in its place:
 * on Redis two different ids would name one key, and a JSON document holding `\ud800`
 * fails to decode in Lua or PostgreSQL. Stores of every family refuse such input the same
 * way, before anything is read or written; the services' schemas refuse it earlier.
 */

type Path = (string | number)[];

/**
 * The path of the first ill-formed string inside `value` (object keys included), or
 * undefined. Each object is walked once, so shared and cyclic values are fine (a schema or a
 * serializer refuses a cycle, not this); the path is built only for what is found.
 */
export function illFormedPath(value: unknown, seen = new Set<object>()): Path | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : [];
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedPath(value[i], seen);
      if (found) return [i, ...found];
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!key.isWellFormed()) return [key];
    const found = illFormedPath((value as Record<string, unknown>)[key], seen);
    if (found) return [key, ...found];
  }
  return undefined;
}

/**
 * Throws VALIDATION_FAILED (naming the step and the field) when a string inside `input` is
 * not well-formed Unicode. Store adapters call it first in every member.
 */
export function assertWellFormed(input: unknown, step: string): void {
  const path = illFormedPath(input);
  if (path === undefined) return;
  const field = path.join('.');
  throw new CommerceError('VALIDATION_FAILED', { input: step, field, issues: [{ path, message: 'not well-formed Unicode (a lone surrogate)', code: 'ill_formed_unicode' }] }, { reason: `${field || 'input'}: not well-formed Unicode (a lone surrogate)` });
}
