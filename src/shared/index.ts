export { Money, Dec, toDecimal, DEFAULT_ROUNDING, type RoundingMode, type DecimalInput, type MoneyJSON } from './money.js';
export { CURRENCY_CODES, minorUnitExponent, isCurrencyCode } from './currencies.js';
export { CommerceError, isCommerceError, validationError, toCommerceError, commerceErrors, type ValidationIssue, type ErrorDetails } from './errors.js';
export { ERROR_MESSAGES, type CommerceErrorCode } from './error-codes.js';
export { EventBus, silentEvents, type EventMap, type EventSink, type Listener, type ListenerFailure } from './events.js';
export { parseInput } from './validation.js';
export * from './schemas.js';
export { HTTP_STATUS_BY_CODE, httpStatusOf, problemDetails, type ProblemDetails } from './http-status.js';
