import type { z } from 'zod';
import { CommerceError, validationError } from './errors.js';
import { assertWellFormed } from './well-formed.js';

/**
 * Parses a command input at a service boundary. Bad input becomes a
 * `VALIDATION_FAILED` CommerceError before anything is read or written: first any string
 * that is not well-formed Unicode (well-formed.ts), then whatever the schema refuses.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, name?: string): z.output<S> {
  assertWellFormed(input, name ?? 'input');
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, name);
  return result.data;
}

/**
 * An object argument (an item, an options object), ready to spread into a command's input:
 * `{}` when absent, the object itself when it is one, VALIDATION_FAILED for anything else
 * (null, a number, a string, an array), which a spread would otherwise drop without a word.
 */
export function objectArgument(value: unknown, input: string, argument = 'options'): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new CommerceError('VALIDATION_FAILED', { input, issues: [{ path: [], message: `${argument} must be an object`, code: 'invalid_type' }] }, { reason: `${argument} of ${input} must be an object` });
}
