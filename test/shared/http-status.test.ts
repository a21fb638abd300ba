import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommerceError, ERROR_MESSAGES, HTTP_STATUS_BY_CODE, httpStatusOf, parseInput, problemDetails, type CommerceErrorCode } from '../../src/index.js';

const CODES = Object.keys(ERROR_MESSAGES) as CommerceErrorCode[];

describe('httpStatusOf', () => {
  it('gives every error code an error status, and the table names no other code', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...CODES].sort());
    for (const code of CODES) {
      const status = httpStatusOf(new CommerceError(code));
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('maps the codes a storefront meets most to the statuses a client expects', () => {
    const expected: Partial<Record<CommerceErrorCode, number>> = {
      VALIDATION_FAILED: 400,
      CART_NOT_FOUND: 404,
      INSUFFICIENT_INVENTORY: 409,
      COUPON_EXPIRED: 422,
      PAYMENT_DECLINED: 402,
      STORE_UNAVAILABLE: 503,
      INTERNAL: 500,
    };
    for (const [code, status] of Object.entries(expected)) expect(httpStatusOf(new CommerceError(code as CommerceErrorCode)), code).toBe(status);
  });

  it('answers a failed checkout with the status of the step that failed', () => {
    expect(httpStatusOf(new CommerceError('CHECKOUT_FAILED', { step: 'authorize', code: 'PAYMENT_DECLINED' }))).toBe(402);
    expect(httpStatusOf(new CommerceError('CHECKOUT_FAILED', { step: 'reserve', code: 'INSUFFICIENT_INVENTORY' }))).toBe(409);
    expect(httpStatusOf(new CommerceError('CHECKOUT_FAILED', { code: 'NOT_A_CODE' }))).toBe(422);
  });

  it('answers 500 for anything that is not a CommerceError', () => {
    fc.assert(fc.property(fc.anything(), (thrown) => httpStatusOf(thrown) === 500));
    expect(httpStatusOf(new Error('boom'))).toBe(500);
  });
});

describe('problemDetails', () => {
  it('carries the code, status, title and the validation issues of a bad input', () => {
    const error = (() => {
      try {
        parseInput(z.object({ quantity: z.number().int() }), { quantity: 'two' }, 'addItem');
      } catch (e) {
        return e;
      }
      throw new Error('expected a validation error');
    })();
    const body = problemDetails(error, { instance: '/api/cart/items' });
    expect(body).toMatchObject({ type: 'urn:commerce-kernel:error:VALIDATION_FAILED', status: 400, code: 'VALIDATION_FAILED', title: ERROR_MESSAGES.VALIDATION_FAILED, instance: '/api/cart/items' });
    expect(body.issues?.[0]?.path).toEqual(['quantity']);
    expect(body.details).toMatchObject({ input: 'addItem' });
  });

  it('keeps a server error to its code and title, never its details or message', () => {
    const secret = 'redis://user:hunter2@10.0.0.5';
    for (const error of [new CommerceError('STORE_UNAVAILABLE', { reason: secret }), new Error(secret), secret]) {
      const body = problemDetails(error);
      expect(JSON.stringify(body)).not.toContain('hunter2');
      expect(body.status).toBeGreaterThanOrEqual(500);
      expect(body.detail).toBe(body.title);
      expect(body.details).toBeUndefined();
    }
  });

  it('keeps the details of a client error', () => {
    const body = problemDetails(new CommerceError('INSUFFICIENT_INVENTORY', { sku: 'MUG-1', available: 2 }));
    expect(body).toMatchObject({ status: 409, details: { sku: 'MUG-1', available: 2 } });
    expect(body.detail).toBe(ERROR_MESSAGES.INSUFFICIENT_INVENTORY);
  });

  it("keeps a failed checkout's failed undo steps to a flag: their messages are the server's", () => {
    const compensationErrors = [{ undo: 'release stock', code: 'STORE_UNAVAILABLE', message: 'connect ECONNREFUSED 10.0.0.7:6379' }];
    const body = problemDetails(new CommerceError('CHECKOUT_FAILED', { checkoutId: 'c1', step: 'payment', code: 'PAYMENT_DECLINED', compensationErrors }));
    expect(body).toMatchObject({ status: 402, details: { checkoutId: 'c1', step: 'payment', code: 'PAYMENT_DECLINED', compensationFailed: true } });
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });
});
