import { expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/testing/index.js';
import { request, setup } from './setup.js';

it('no store holds a card number or CVV after a run through every path', async () => {
  const { service, gateway, store, idempotency, velocity } = setup({ fraud: { lists: { block: { emails: ['blocked@example.com'] } } } });
  const cards = [
    { number: TEST_CARDS.visa, cvc: '987' },
    { number: TEST_CARDS.amex, cvc: '4321' },
    { number: TEST_CARDS.declined, cvc: '555' },
    { number: TEST_CARDS.requiresAction, cvc: '246' },
    { number: TEST_CARDS.timeoutAfterCharge, cvc: '802' },
    { number: TEST_CARDS.mastercard2Series, cvc: '919' },
  ];
  for (const [i, card] of cards.entries()) {
    const token = gateway.tokenizeCard({ ...card, expMonth: 11, expYear: 2031 });
    const paid = await service.processPayment(request({ paymentToken: token, capture: i % 2 === 0, customer: { email: i === 5 ? 'blocked@example.com' : `c${i}@example.com`, deviceId: 'dev' } }));
    if (paid.status === 'captured') await service.refundPayment(paid.paymentId, { amount: { amount: '1', currency: 'USD' } });
    if (paid.status === 'unknown') await service.reconcilePayment(paid.paymentId);
  }
  // Reach into every store's state: everything it holds, serialised.
  const dump = JSON.stringify([store, idempotency, velocity], (_key, value: unknown) => {
    if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
    if (value instanceof Set) return [...(value as Set<unknown>)];
    return value;
  });
  expect(dump.length).toBeGreaterThan(1000);
  expect(dump).toContain('4242');
  for (const card of cards) {
    expect(dump).not.toContain(card.number);
    expect(dump).not.toMatch(new RegExp(`\\b${card.cvc}\\b`));
  }
});
