import type { z } from 'zod';
import { validationError } from './errors.js';

/**
 * Parses a command input at a service boundary. Bad input becomes a
 * `VALIDATION_FAILED` CommerceError before anything is read or written.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, name?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, name);
  return result.data;
}
