import { z } from 'zod';
import { CommerceError } from '../shared/errors.js';
import { parseInput } from '../shared/validation.js';

/**
 * A `ModelSnapshotStore.save` input, checked the same way by every adapter. It lives with the
 * module (not under adapters/) so the memory and Redis stores share one contract.
 */
export const saveModelSnapshotSchema = z.object({
  name: z.string().min(1).max(200),
  trainedAt: z.number().finite(),
  snapshot: z.unknown(),
});

/** The default number of versions kept per name: the serving one, the previous one and one more. */
export const DEFAULT_SNAPSHOTS_KEPT = 3;

/**
 * Parses a save input and turns the snapshot into the JSON text that is stored. Storing text
 * (not the object) is what makes every read an independent copy, in memory as in Redis.
 */
export function encodeSnapshotInput(input: unknown): { name: string; trainedAt: number; json: string; bytes: number } {
  const { name, trainedAt, snapshot } = parseInput(saveModelSnapshotSchema, input, 'model snapshot');
  let json: string | undefined;
  try {
    json = JSON.stringify(snapshot);
  } catch (error) {
    throw new CommerceError('VALIDATION_FAILED', { reason: `snapshot is not JSON-serializable: ${(error as Error).message}` });
  }
  // JSON.stringify answers undefined (not text) for undefined, functions and symbols.
  if (typeof json !== 'string') throw new CommerceError('VALIDATION_FAILED', { reason: 'snapshot is not JSON-serializable' });
  return { name, trainedAt, json, bytes: Buffer.byteLength(json, 'utf8') };
}

/** Checks a `keep` option: a positive integer. */
export function checkKeep(keep: number | undefined): number {
  const value = keep ?? DEFAULT_SNAPSHOTS_KEPT;
  if (!Number.isInteger(value) || value < 1) throw new TypeError('ModelSnapshotStore: keep must be a positive integer');
  return value;
}
