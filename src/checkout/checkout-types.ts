import type { MoneyJSON } from '../shared/money.js';
import type { PostalAddress } from './address-schema.js';
import type { CheckoutPaymentMethod } from './collaborators.js';
import type { CheckoutStep } from './checkout-steps.js';

/** The payment a checkout will use: a gateway token, never card data. */
export interface CheckoutPaymentInfo {
  method: CheckoutPaymentMethod;
  paymentToken: string;
  /** Fraud-screening signals from the shopper's device, when the host has them. */
  ip?: string;
  deviceId?: string;
}

/** A completion in progress: a lease so two sagas never run on one checkout at once. */
export interface CheckoutCompletionLease {
  owner: string;
  /** The order this attempt places; a takeover after a crash places the same one. */
  orderId: string;
  expiresAt: number;
}

/** The stored state of one checkout (JSON-safe). */
export interface CheckoutState {
  id: string;
  cartId: string;
  /** The signed-in shopper, if any. */
  userId?: string;
  /** The signed-in shopper's account email, passed by the host at start. */
  customerEmail?: string;
  /** A guest's contact email. Never set for a signed-in shopper. */
  guestEmail?: string;
  currency: string;
  status: 'open' | 'confirmed';
  currentStep: CheckoutStep;
  completedSteps: CheckoutStep[];
  shippingAddress?: PostalAddress;
  billingAddress?: PostalAddress;
  shippingOptionId?: string;
  payment?: CheckoutPaymentInfo;
  /** The total the shopper last saw priced (after the last change of address, option or payment). */
  quotedTotal?: MoneyJSON;
  completion?: CheckoutCompletionLease;
  /** How many times a confirmed checkout was reopened (its payment finally failed). */
  reopenCount: number;
  orderId?: string;
  orderNumber?: string;
  createdAt: number;
  updatedAt: number;
  /** When the checkout lapses; stores treat it as gone from then on. */
  expiresAt: number;
  /** Bumped by every write; the compare-and-set token. */
  version: number;
}
