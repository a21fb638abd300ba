import type { z } from 'zod';
import { validationError } from './errors.js';
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
