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
 * An optional options argument, ready to spread into a command's input: `{}` when absent,
 * the object itself when it is one, VALIDATION_FAILED for anything else (null, a number, a
 * string, an array), which a spread would otherwise drop without a word.
 */
export function optionsOf(options: unknown, name: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) return options as Record<string, unknown>;
  throw new CommerceError('VALIDATION_FAILED', { input: name, issues: [{ path: [], message: 'options must be an object', code: 'invalid_type' }] }, { reason: `options of ${name} must be an object` });
}
