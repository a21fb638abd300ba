export { PaymentService, PARKED_EVENT_RETENTION_MS, type PaymentServiceOptions } from './payment-service.js';
export type { PaymentResult } from './payment-result.js';
export type { PaymentEvents, PaymentEvent } from './payment-events.js';
export type { WebhookOutcome } from './gateway-events.js';
export type { PaymentMethod, PaymentStatus, RiskLevel, PaymentRecord, LedgerEntry, FraudDecision } from '../ports/payment-store.js';
export {
  processPaymentSchema,
  capturePaymentSchema,
  voidPaymentSchema,
  refundPaymentSchema,
  reviewDecisionSchema,
  paymentMethodSchema,
  paymentIdSchema,
  webhookInputSchema,
  type ProcessPaymentInput,
  type CapturePaymentInput,
  type VoidPaymentInput,
  type RefundPaymentInput,
  type ReviewDecisionInput,
} from './schemas.js';
export { PAYMENT_TRANSITIONS, INITIAL_STATUSES, canTransition, isTerminal } from './transitions.js';
export { ledgerTotals, statusFromLedger, assertLedgerInvariants, type LedgerTotals } from './ledger.js';
export { luhnValid, cardBrand, cvvLength, validateCard, cardFingerprint, normalizeCardNumber, type CardBrand, type CardInput, type CardSummary } from './card.js';
export { signWebhook, verifyWebhookSignature, type SignatureCheck } from './webhook-signature.js';
export { GatewayRouter, PAYMENT_METHODS, type PaymentRouting, type GatewayAttempt } from './gateway-router.js';
export { FraudScreening, DEFAULT_RISK_THRESHOLDS, riskLevel, fraudRules, decide, type FraudSettings, type RiskThresholds } from './fraud/engine.js';
export {
  velocityRule,
  geographyRule,
  amountRule,
  deviceRule,
  listRule,
  type VelocitySettings,
  type GeographySettings,
  type AmountSettings,
  type DeviceSettings,
  type ListSettings,
} from './fraud/rules.js';
export type { FraudRule, FraudSignals, RuleVerdict, ScreenedPayment, FraudList, VelocityCounts, VelocityDimension } from './fraud/types.js';
