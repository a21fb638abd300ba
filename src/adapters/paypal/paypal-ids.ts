import { boundedKey } from '../../shared/bounded-key.js';

/*
 * PayPal's limits on the identifiers the adapter sends (Payments v2 and Orders v2 specifications):
 * `PayPal-Request-Id` at most 108 characters; a capture's `invoice_id` and a refund's
 * `custom_id` at most 127, and `custom_id` only of `[A-Za-z0-9-_.,]`. The adapter's keys are
 * the payment service's (at most 100 characters, any characters) plus short suffixes.
 */
export const PAYPAL_REQUEST_ID_MAX = 108;
export const PAYPAL_INVOICE_ID_MAX = 127;
export const PAYPAL_CUSTOM_ID_MAX = 127;

/** Characters PayPal takes in `custom_id`, less `_`, which the encoding below uses as its escape. */
const PLAIN = /^[A-Za-z0-9\-.,]$/;

/** A `PayPal-Request-Id` for an idempotency key (stable, so a retry is recognised). */
export function requestId(key: string): string {
  return boundedKey(key, PAYPAL_REQUEST_ID_MAX);
}

/** A capture's `invoice_id` for an idempotency key. */
export function invoiceId(key: string): string {
  return boundedKey(key, PAYPAL_INVOICE_ID_MAX);
}

/**
 * A refund's `custom_id` for an idempotency key, reversible where it fits so reconciliation
 * reads the key back (decodeCustomId): `_` escapes (`__` is `_`, `_.` is `:`, the
 * library's separator, `_XXXX` any other UTF-16 unit in hex). A key whose encoding would pass
 * 127 characters becomes a stable digest instead; its refund is then matched by PayPal's id.
 */
export function encodeCustomId(key: string): string {
  let out = '';
  for (const c of key) {
    if (PLAIN.test(c)) out += c;
    else if (c === '_') out += '__';
    else if (c === ':') out += '_.';
    else for (let i = 0; i < c.length; i += 1) out += `_${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out.length <= PAYPAL_CUSTOM_ID_MAX ? out : boundedKey(key, PAYPAL_CUSTOM_ID_MAX, /^[A-Za-z0-9\-_.,]$/);
}

/** The idempotency key an encoded `custom_id` stands for (a digest decodes to a key no ledger holds). */
export function decodeCustomId(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] as string;
    if (c !== '_') {
      out += c;
    } else if (value[i + 1] === '_' || value[i + 1] === '.') {
      out += value[i + 1] === '_' ? '_' : ':';
      i += 1;
    } else {
      out += String.fromCharCode(Number.parseInt(value.slice(i + 1, i + 5), 16) || 0xfffd);
      i += 4;
    }
  }
  return out;
}
