import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedKey, gatewayKey, GATEWAY_KEY_MAX } from '../../src/shared/bounded-key.js';
import { decodeCustomId, encodeCustomId, invoiceId, requestId } from '../../src/adapters/paypal/paypal-ids.js';

const CUSTOM_ID = /^[A-Za-z0-9\-_.,]*$/;
const anyKey = fc.string({ unit: 'grapheme', maxLength: 400 });

describe('boundedKey', () => {
  it('keeps a key that fits, and bounds any other within the limit and character set, the same way every time', () => {
    fc.assert(
      fc.property(anyKey, fc.integer({ min: 33, max: 300 }), (key, max) => {
        const plain = boundedKey(key, max);
        expect(plain.length).toBeLessThanOrEqual(max);
        if (key.length <= max) expect(plain).toBe(key);
        expect(boundedKey(key, max)).toBe(plain);
        const safe = boundedKey(key, max, /^[A-Za-z0-9\-_.,]$/);
        expect(safe.length).toBeLessThanOrEqual(max);
        expect(safe).toMatch(CUSTOM_ID);
        expect(safe.isWellFormed()).toBe(true);
      }),
    );
  });

  it('gives different keys for keys that differ only past the cut', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 120, maxLength: 255 }), fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }), (head, a, b) => {
        fc.pre(a !== b);
        expect(gatewayKey(head + a)).not.toBe(gatewayKey(head + b));
      }),
    );
  });

  it('at the limits: 100 characters pass as they are, 101 are shortened to exactly 100', () => {
    const at = 'k'.repeat(GATEWAY_KEY_MAX);
    expect(gatewayKey(at)).toBe(at);
    const over = gatewayKey(`${at}x`);
    expect(over).toHaveLength(GATEWAY_KEY_MAX);
    expect(over.startsWith('k'.repeat(67))).toBe(true);
  });
});

describe("PayPal's identifiers", () => {
  it('PayPal-Request-Id at most 108 and invoice_id at most 127 characters for any key', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        expect(requestId(key).length).toBeLessThanOrEqual(108);
        expect(invoiceId(key).length).toBeLessThanOrEqual(127);
        expect(requestId(`${gatewayKey(key)}:capture`)).toBe(`${gatewayKey(key)}:capture`);
      }),
    );
  });

  it("a refund's custom_id is within 127 of [A-Za-z0-9-_.,] and reads back as the key when it fits", () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        const encoded = encodeCustomId(key);
        expect(encoded.length).toBeLessThanOrEqual(127);
        expect(encoded).toMatch(CUSTOM_ID);
        // At most 5 characters per UTF-16 unit: a key of 25 units always has a reversible encoding.
        if (key.length <= 25) expect(decodeCustomId(encoded)).toBe(key);
      }),
    );
    expect(encodeCustomId('refund:pay_1:r1')).toBe('refund_.pay__1_.r1');
    expect(decodeCustomId('refund_.pay__1_.r1')).toBe('refund:pay_1:r1');
  });
});
