/**
 * Checks for the quick input paths beside their schemas (parseAddItem in cart/cart-schemas.ts,
 * parseReserveItems in inventory/inventory-schemas.ts): the hottest calls take their everyday
 * shapes without zod. Each quick path answers undefined for anything it is not sure of, and
 * the schema decides; a property test per path checks that whatever it takes, the schema
 * takes too, with the same result.
 */

/** A string the schema would keep as it is: well-formed, nothing to trim, length within bounds. */
export function plain(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max && value.trim() === value && value.isWellFormed();
}

/** A plain object (an object literal or a null-prototype object), as zod's object schema reads it. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A safe integer of at least `min`. */
export function safeIntegerFrom(value: unknown, min: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min;
}
