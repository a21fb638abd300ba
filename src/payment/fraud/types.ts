import type { CustomerSpend, PaymentMethod } from '../../ports/payment-store.js';

/** The payment as fraud rules see it. Amounts in minor units of `currency`. */
export interface ScreenedPayment {
  amount: string;
  amountMinor: number;
  currency: string;
  /** Decimals of the currency's minor unit, to read thresholds given in major units. */
  exponent: number;
  method: PaymentMethod;
  customerKey: string;
  email: string;
  ip?: string;
  deviceId?: string;
  billingCountry?: string;
  cardFingerprint?: string;
  cardCountry?: string;
}

/** Counts per dimension over the last hour and the last day, before this attempt. */
export interface VelocityCounts {
  attemptsHour: number;
  attemptsDay: number;
  declinesHour: number;
  declinesDay: number;
}

export type VelocityDimension = 'card' | 'email' | 'ip' | 'customer';

/** What the ports said about a payment, gathered before the (pure) rules run. */
export interface FraudSignals {
  velocity: Partial<Record<VelocityDimension, VelocityCounts>>;
  ipCountry: string | null;
  cardCountry: string | null;
  spend: CustomerSpend;
  /** Distinct cards and emails seen with this device in the last day, this attempt included. */
  device: { cardsDay: number; emailsDay: number } | null;
}

/** What one rule decided: a score (0 when nothing looked wrong) and why. */
export interface RuleVerdict {
  score: number;
  reasons: string[];
  /** Lists can decide outright: `allow` clears the payment, `block` blocks it. */
  verdict?: 'allow' | 'block';
}

/** A fraud rule: a pure function of the payment and its signals. */
export interface FraudRule {
  name: string;
  evaluate(payment: ScreenedPayment, signals: FraudSignals): RuleVerdict;
}

/** Entries of an allow or block list. Emails compare case-insensitively. */
export interface FraudList {
  emails?: readonly string[];
  ips?: readonly string[];
  cardFingerprints?: readonly string[];
  devices?: readonly string[];
}
