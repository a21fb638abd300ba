import type { MoneyJSON } from '../shared/money.js';
import type { PaymentResult } from './payment-result.js';

/** The payload of every payment event: the payment after the change, and the amount it moved. */
export interface PaymentEvent {
  paymentId: string;
  orderId: string;
  /** The amount of this change (the refund, the capture, ...); the payment's amount otherwise. */
  amount: MoneyJSON;
  payment: PaymentResult;
}

/** Events of the payment module, emitted after the change is stored. */
export type PaymentEvents = {
  'payment.authorized': PaymentEvent;
  'payment.captured': PaymentEvent;
  'payment.voided': PaymentEvent;
  'payment.refunded': PaymentEvent;
  'payment.failed': PaymentEvent;
  'payment.blocked': PaymentEvent & { reasons: string[] };
  'payment.review_required': PaymentEvent & { reasons: string[] };
  'payment.requires_action': PaymentEvent;
  'payment.unknown': PaymentEvent;
};
