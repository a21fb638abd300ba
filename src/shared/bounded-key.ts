import { createHash } from 'node:crypto';

/** Length of the digest a shortened key ends with (base64url, 192 bits: collisions are not a concern). */
const DIGEST_CHARS = 32;

/**
 * A key that a provider accepts: at most `max` characters, each matching `allowed` (a
 * one-character class) when given. A key that already fits is kept as it is, so short keys
 * stay readable in the provider's dashboard. Any other key becomes a readable prefix (its
 * disallowed characters replaced by `_`), a `.` and a digest of the WHOLE key: the same key
 * always gives the same answer (a retry reaches the provider under the same key), and two
 * keys that differ anywhere, even past the cut, give different answers.
 */
export function boundedKey(key: string, max: number, allowed?: RegExp): string {
  if (max < DIGEST_CHARS + 1) throw new RangeError(`boundedKey: max ${max} is below ${DIGEST_CHARS + 1}`);
  const fits = key.length <= max && (allowed === undefined || [...key].every((c) => allowed.test(c)));
  if (fits) return key;
  const digest = createHash('sha256').update(key).digest('base64url').slice(0, DIGEST_CHARS);
  const room = max - DIGEST_CHARS - 1;
  // Whole code points only, so the prefix never ends in half a surrogate pair.
  let head = '';
  for (const c of key) {
    const kept = allowed === undefined || allowed.test(c) ? c : '_';
    if (head.length + kept.length > room) break;
    head += kept;
  }
  return `${head}.${digest}`;
}

/**
 * The longest key the payment service hands a gateway. Adapters append short suffixes to it
 * (Stripe `:payment-method`, PayPal `:capture`, `#with-authorization`), so 100 keeps every
 * derived key within the tightest provider limit (PayPal-Request-Id: 108).
 */
export const GATEWAY_KEY_MAX = 100;

/**
 * The key a gateway sees, and the ledger records, for a caller's idempotency key: the
 * caller's own when short enough, else its stable shortening. Whoever looks a ledger entry up
 * by the caller's key (the order's payment operations) compares through this.
 */
export function gatewayKey(key: string): string {
  return boundedKey(key, GATEWAY_KEY_MAX);
}
