import type { LineLimits, LineResult, StoredCart, StoredCartLine } from '../ports/cart-store.js';

/**
 * The rules of a cart's line edits, once: which edit is refused and how an applied one
 * changes the cart. The memory store applies them; the Redis store's script
 * (lua/cart-line-batch.lua) mirrors them and its replay (cart-line-batch.ts) applies them
 * to the script's decisions; test/redis/cart-store-model.property.test.ts pins the two.
 * Pure: nothing here reads a clock or a store. (Like inventory/stock-rules.ts for stock.)
 */

/** One line edit, as the CartStore port's members describe it, with the limits it must keep. */
export type LineChange =
  | { kind: 'add'; line: StoredCartLine; limits: LineLimits }
  | { kind: 'set'; productId: string; sku: string; quantity: number; limits: LineLimits }
  | { kind: 'remove'; productId: string; sku: string };

/** Why an edit writes nothing (the cart exists and is live: `not_found` is the store's to answer). */
export type LineRefusal = Exclude<LineResult, { code: 'ok' } | { code: 'not_found' }>;

function lineIndex(cart: StoredCart, productId: string, sku: string): number {
  return cart.lines.findIndex((l) => l.productId === productId && l.sku === sku);
}

function keyOf(change: LineChange): { productId: string; sku: string } {
  return change.kind === 'add' ? change.line : change;
}

/**
 * The refusal of `change` on `cart`, or undefined when it applies. In this order: an add in
 * another currency; a quantity outside 1..maxQuantity (an add counts what the line already
 * holds); a new line beyond maxLines; a set or remove of a missing line.
 */
export function refuseLineEdit(cart: StoredCart, change: LineChange): LineRefusal | undefined {
  const { productId, sku } = keyOf(change);
  const existing = cart.lines[lineIndex(cart, productId, sku)];
  switch (change.kind) {
    case 'add': {
      const { line, limits } = change;
      if (line.currency !== cart.currency) return { code: 'currency_mismatch', currency: line.currency };
      const quantity = (existing?.quantity ?? 0) + line.quantity;
      if (line.quantity < 1 || quantity > limits.maxQuantity) return { code: 'quantity_limit', quantity };
      if (!existing && cart.lines.length >= limits.maxLines) return { code: 'line_limit' };
      return undefined;
    }
    case 'set':
      if (!existing) return { code: 'line_not_found' };
      if (change.quantity < 1 || change.quantity > change.limits.maxQuantity) return { code: 'quantity_limit', quantity: change.quantity };
      return undefined;
    case 'remove':
      return existing ? undefined : { code: 'line_not_found' };
  }
}

/**
 * A new cart with an accepted `change` applied, one version on, written at `now`, expiring at
 * `expiresAt`. An added line goes last; an existing line keeps its place and takes the added
 * line's catalogue data. Never changes `cart`: the new cart shares every line it does not
 * change with it.
 */
export function applyLineEdit(cart: StoredCart, change: LineChange, at: { now: number; expiresAt: number }): StoredCart {
  const { productId, sku } = keyOf(change);
  const lines = cart.lines.slice();
  const index = lineIndex(cart, productId, sku);
  const existing = lines[index];
  if (change.kind === 'remove') {
    lines.splice(index, 1);
  } else if (change.kind === 'set') {
    if (existing) lines[index] = withQuantity(existing, change.quantity);
  } else if (existing) {
    lines[index] = withQuantity(change.line, existing.quantity + change.line.quantity);
  } else {
    lines.push(copyLine(change.line));
  }
  const { id, userId, sessionId, currency, couponCodes, createdAt } = cart;
  return { id, userId, sessionId, currency, lines, couponCodes, version: cart.version + 1, createdAt, updatedAt: at.now, expiresAt: at.expiresAt };
}

function withQuantity(line: StoredCartLine, quantity: number): StoredCartLine {
  const copy = copyLine(line);
  copy.quantity = quantity;
  return copy;
}

// Copies are built field by field, not spread: they run for every line a store is given, and
// V8 builds a literal far faster than a spread of an object that was itself spread
// (docs/redis-performance.md, Copies). TypeScript still flags a field missed here.

/** A copy of a line that shares nothing with it. */
export function copyLine(line: StoredCartLine): StoredCartLine {
  const copy: StoredCartLine = {
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    currency: line.currency,
    taxClass: line.taxClass,
    categories: line.categories.slice(),
    weightGrams: line.weightGrams,
  };
  // Set only when present, so a line stored without it reads back without it (deep equality).
  if (line.taxIncluded !== undefined) copy.taxIncluded = line.taxIncluded;
  return copy;
}

/** A copy of a cart that shares nothing with it. */
export function copyCart(cart: StoredCart): StoredCart {
  return {
    id: cart.id,
    userId: cart.userId,
    sessionId: cart.sessionId,
    currency: cart.currency,
    lines: cart.lines.map(copyLine),
    couponCodes: cart.couponCodes.slice(),
    version: cart.version,
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
    expiresAt: cart.expiresAt,
  };
}
