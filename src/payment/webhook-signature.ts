import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as most gateways make them: header `t=<unix seconds>,v1=<hex>`, where
 * the hex is HMAC-SHA256 over `<t>.<raw body>`. Several `v1` values may be present, and
 * several secrets may be accepted, so a secret can be rotated without dropping events.
 */
export function signWebhook(input: { payload: string; secret: string; timestampSeconds: number }): string {
  return `t=${input.timestampSeconds},v1=${hmacHex(input.secret, input.timestampSeconds, input.payload)}`;
}

export type SignatureCheck = { ok: true; timestampSeconds: number } | { ok: false; reason: 'malformed' | 'stale' | 'future' | 'mismatch' };

/**
 * Verifies a signature header. The timestamp must be within `toleranceSeconds` of now in
 * either direction (old ones are replays, future ones are forged or a broken clock). Every
 * candidate is compared in constant time against every secret, so the time taken says
 * nothing about how close a forgery came.
 */
export function verifyWebhookSignature(input: {
  payload: string;
  header: string | undefined;
  secrets: readonly string[];
  nowMs: number;
  toleranceSeconds: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'malformed' };
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of input.header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value.toLowerCase(), 'hex'));
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const skew = input.nowMs / 1000 - timestamp;
  if (skew > input.toleranceSeconds) return { ok: false, reason: 'stale' };
  if (-skew > input.toleranceSeconds) return { ok: false, reason: 'future' };
  let matched = false;
  for (const secret of input.secrets) {
    const expected = Buffer.from(hmacHex(secret, timestamp, input.payload), 'hex');
    for (const candidate of signatures) {
      // No early exit: every pair is compared whatever the outcome.
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? { ok: true, timestampSeconds: timestamp } : { ok: false, reason: 'mismatch' };
}

function hmacHex(secret: string, timestampSeconds: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`).digest('hex');
}
