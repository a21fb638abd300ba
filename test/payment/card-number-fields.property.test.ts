// The payment service never keeps a card number: a Luhn-valid number put into any free-text
// field of its inputs (read off src/payment/schemas.ts, plus the reason a gateway event
// carries into the payment's error message) is refused at that field with nothing written.
import { describe, expect, it } from 'vitest';
import type { PaymentService } from '../../src/index.js';
import type { TestGateway } from '../../src/testing/index.js';
import { dump, expectCardNumbersRefused, type WrittenCardNumber } from '../support/card-numbers.js';
import { request, setup } from './setup.js';

interface Payments {
  service: PaymentService;
  gateway: TestGateway;
  /** A captured payment (for refunds) and one held for review (for approve / reject). */
  captured: string;
  held: string;
}

/** Each free-text field, how a card number goes into it, and the path the refusal names. */
const FIELDS: readonly { field: string; path: string[]; put: (p: Payments, text: string, pan: WrittenCardNumber) => Promise<unknown> }[] = [
  { field: 'processPayment paymentToken', path: ['paymentToken'], put: (p, text) => p.service.processPayment(request({ paymentToken: text })) },
  { field: 'processPayment customer.email', path: ['customer', 'email'], put: (p, _text, pan) => p.service.processPayment(request({ customer: { email: `c${pan.unspaced}@example.com` } })) },
  { field: 'processPayment customer.deviceId', path: ['customer', 'deviceId'], put: (p, text) => p.service.processPayment(request({ customer: { email: 'c@example.com', deviceId: text } })) },
  // Its format cannot hold one: refused all the same.
  { field: 'processPayment customer.ip', path: ['customer', 'ip'], put: (p, _text, pan) => p.service.processPayment(request({ customer: { email: 'c@example.com', ip: pan.written } })) },
  { field: 'refundPayment reason', path: ['reason'], put: (p, text) => p.service.refundPayment(p.captured, { amount: { amount: '1.00', currency: 'USD' }, reason: text }) },
  { field: 'approvePayment reason', path: ['reason'], put: (p, text) => p.service.approvePayment(p.held, { reason: text }) },
  { field: 'rejectPayment reason', path: ['reason'], put: (p, text) => p.service.rejectPayment(p.held, { reason: text }) },
  {
    field: 'handleWebhook event reason',
    path: ['reason'],
    put: (p, text) => {
      const hook = p.gateway.signEvent({ type: 'payment.failed', paymentId: p.held, transactionId: 'txn', reason: text });
      return p.service.handleWebhook(hook.rawBody, hook.headers);
    },
  },
];

async function payments(): Promise<Payments & { stores: () => string }> {
  // Scores any device named 'watched' high: the payment is held for review.
  const watched = { name: 'watched-device', evaluate: (s: { deviceId?: string }) => (s.deviceId === 'watched' ? { score: 65, reasons: ['watched'] } : { score: 0, reasons: [] }) };
  const { service, gateway, store, idempotency, velocity } = setup({ fraud: { rules: [watched] } });
  const captured = await service.processPayment(request({ capture: true }));
  const held = await service.processPayment(request({ customer: { email: 'held@example.com', deviceId: 'watched' } }));
  expect([captured.status, held.status]).toEqual(['captured', 'review']);
  return { service, gateway, captured: captured.paymentId, held: held.paymentId, stores: () => dump([store, idempotency, velocity]) + JSON.stringify(gateway.calls) };
}

describe('a card number in any free-text field of a payment is refused, nothing stored', () => {
  it.each(FIELDS)('$field', async ({ path, put }) => {
    const p = await payments();
    await expectCardNumbersRefused({ put: (text, pan) => put(p, text, pan), path, stores: p.stores, numRuns: 60 });
  });

  it('free text with digits that are not a card number, and UUID device ids, are kept', async () => {
    const p = await payments();
    const paid = await p.service.processPayment(request({ customer: { email: 'c20250101@example.com', deviceId: '12345678-1234-4129-a123-bcdefabcdefa' } }));
    expect(paid.status).toBe('authorized');
    const refunded = await p.service.refundPayment(p.captured, { amount: { amount: '1.00', currency: 'USD' }, reason: 'order 2025-01-01 12:00, ticket 4111111111111112' });
    expect(refunded.status).toBe('partially_refunded');
  });
});
