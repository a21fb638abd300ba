import { Buffer } from 'node:buffer';
import { CommerceError } from '../shared/errors.js';

/**
 * Listing cursors: opaque to the host, the id a page ended at inside. `c1.` names the format,
 * so a later one can be told apart; the id goes as base64url of its UTF-8.
 */
const CURSOR = /^c1\.([A-Za-z0-9_-]{1,1000})$/;

export function encodeCursor(after: string): string {
  return `c1.${Buffer.from(after, 'utf8').toString('base64url')}`;
}

/** The id a cursor names; VALIDATION_FAILED for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): string {
  const encoded = CURSOR.exec(cursor)?.[1];
  const after = encoded === undefined ? '' : Buffer.from(encoded, 'base64url').toString('utf8');
  // Decoding drops what is not base64url and replaces what is not UTF-8: only an exact
  // round trip is a cursor this service made.
  if (after.length === 0 || after.length > 200 || encodeCursor(after) !== cursor) {
    throw new CommerceError('VALIDATION_FAILED', { input: 'listProducts', issues: [{ path: ['cursor'], message: 'not a cursor of this listing', code: 'custom' }] }, { reason: 'cursor: not a cursor of this listing' });
  }
  return after;
}
