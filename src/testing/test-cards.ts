import type { PaymentMethod } from '../ports/payment-store.js';

/**
 * Tokens the TestGateway understands; each scripts the authorization outcome:
 * - `approve`: authorized (or captured when asked);
 * - `decline`: declined with reason `card_declined`; any `tok_decline_<reason>` declines with `<reason>`
 *   (e.g. `TEST_TOKENS.declineInsufficientFunds`);
 * - `requiresAction`: 3-D Secure needed; finish it with `TestGateway.completeAction`;
 * - `networkError`: nothing happens, a retryable failure (a fallback gateway may be tried);
 * - `timeoutAfterCharge`: the charge goes through but the answer is lost (`unknown`).
 * All of them stand for the Visa test card 4242 4242 4242 4242 (issued in the US).
 */
export const TEST_TOKENS = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  declineInsufficientFunds: 'tok_decline_insufficient_funds',
  declineStolenCard: 'tok_decline_stolen_card',
  requiresAction: 'tok_requires_action',
  networkError: 'tok_network_error',
  timeoutAfterCharge: 'tok_timeout_after_charge',
} as const;

/** What a test token or test card makes the gateway do. */
export type TestScript =
  | { kind: 'approve' }
  | { kind: 'decline'; reason: string }
  | { kind: 'requires_action' }
  | { kind: 'network_error' }
  | { kind: 'timeout_after_charge' };

/**
 * Documented test card numbers (all pass Luhn), for `TestGateway.tokenizeCard`. The brand
 * cards approve; the others script an outcome like the matching token.
 */
export const TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  mastercard2Series: '2223003122003222',
  amex: '378282246310005',
  discover: '6011111111111117',
  jcb: '3566002020360505',
  diners: '36227206271667',
  unionpay: '6200000000000005',
  maestro: '6759649826438453',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  requiresAction: '4000000000003220',
  networkError: '4000000000000119',
  timeoutAfterCharge: '4000000000000127',
} as const;

const CARD_SCRIPTS: Record<string, TestScript> = {
  [TEST_CARDS.declined]: { kind: 'decline', reason: 'card_declined' },
  [TEST_CARDS.insufficientFunds]: { kind: 'decline', reason: 'insufficient_funds' },
  [TEST_CARDS.requiresAction]: { kind: 'requires_action' },
  [TEST_CARDS.networkError]: { kind: 'network_error' },
  [TEST_CARDS.timeoutAfterCharge]: { kind: 'timeout_after_charge' },
};

export function scriptForCard(number: string): TestScript {
  return CARD_SCRIPTS[number] ?? { kind: 'approve' };
}

export function scriptForToken(token: string): TestScript | null {
  if (token === TEST_TOKENS.approve) return { kind: 'approve' };
  if (token === TEST_TOKENS.decline) return { kind: 'decline', reason: 'card_declined' };
  if (token.startsWith('tok_decline_')) return { kind: 'decline', reason: token.slice('tok_decline_'.length) };
  if (token === TEST_TOKENS.requiresAction) return { kind: 'requires_action' };
  if (token === TEST_TOKENS.networkError) return { kind: 'network_error' };
  if (token === TEST_TOKENS.timeoutAfterCharge) return { kind: 'timeout_after_charge' };
  return null;
}

/** A gateway's price for a capture: a percentage of the amount plus a fixed part, in minor units. */
export interface FeeRule {
  percent: string;
  fixedMinor: number;
  /** Upper bound of the fee, minor units (bank transfers are often capped). */
  capMinor?: number;
}

/** Default fee schedule of the TestGateway, per method (rounded half-even to the minor unit). */
export const TEST_FEE_SCHEDULE: Record<PaymentMethod, FeeRule> = {
  credit_card: { percent: '2.9', fixedMinor: 30 },
  paypal: { percent: '3.49', fixedMinor: 49 },
  apple_pay: { percent: '2.9', fixedMinor: 30 },
  google_pay: { percent: '2.9', fixedMinor: 30 },
  bank_transfer: { percent: '0.8', fixedMinor: 0, capMinor: 500 },
};
