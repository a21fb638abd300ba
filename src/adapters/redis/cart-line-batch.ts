import type { LineLimits, LineResult, StoredCart, StoredCartLine } from '../../ports/cart-store.js';
import { copyCart, copyLine } from '../memory/cart-store.js';
import { lineBody, lineField, type CartReply } from './cart-hash.js';

/** One line edit as the `cart-line-batch` script takes it. */
export type LineEdit = { now: number; expiresAt: number; ttlMs: number } & (
  | { kind: 'add'; line: StoredCartLine; limits: LineLimits }
  | { kind: 'set'; productId: string; sku: string; quantity: number; limits: LineLimits }
  | { kind: 'remove'; productId: string; sku: string }
);

/** How the script decided each edit: 1 for applied, else the refusal. */
export type EditDecision = 1 | Exclude<LineResult, { code: 'ok' }>;

/** What the script answers; see lua/cart-line-batch.lua. */
export type BatchReply = { missing: true } | { cart: CartReply | null; results: EditDecision[] };

/** The script's ten arguments for one edit. */
export function editArgs(edit: LineEdit): (string | number)[] {
  const head = [edit.kind, edit.now, edit.expiresAt, edit.ttlMs];
  switch (edit.kind) {
    case 'add': {
      const { line, limits } = edit;
      return [...head, lineField(line.productId, line.sku), line.quantity, line.currency, lineBody(line), limits.maxQuantity, limits.maxLines];
    }
    case 'set':
      return [...head, lineField(edit.productId, edit.sku), edit.quantity, '', '', edit.limits.maxQuantity, ''];
    case 'remove':
      return [...head, lineField(edit.productId, edit.sku), '', '', '', '', ''];
  }
}

/**
 * Replays the script's decisions on the cart as it was before the batch: each applied edit
 * gets the cart right after it (a fresh object, the caller's to keep), each refused one its
 * refusal. Mirrors the script (and the memory store) exactly: an added line goes last, an
 * existing line keeps its place and takes the new catalogue data, every applied edit bumps
 * the version and slides the expiry. Answers the results and the cart after the batch.
 */
export function replayEdits(before: StoredCart, edits: readonly LineEdit[], decisions: readonly EditDecision[]): { results: LineResult[]; after: StoredCart } {
  let cart = before;
  const results = edits.map((edit, i): LineResult => {
    const decision = decisions[i];
    if (decision === undefined) throw new Error(`cart-line-batch answered ${decisions.length} results for ${edits.length} edits`);
    if (decision !== 1) return decision;
    cart = applyEdit(cart, edit);
    return { code: 'ok', cart };
  });
  return { results, after: cart };
}

function applyEdit(before: StoredCart, edit: LineEdit): StoredCart {
  const cart = copyCart(before);
  cart.version += 1;
  cart.updatedAt = edit.now;
  cart.expiresAt = edit.expiresAt;
  const productId = edit.kind === 'add' ? edit.line.productId : edit.productId;
  const sku = edit.kind === 'add' ? edit.line.sku : edit.sku;
  const index = cart.lines.findIndex((l) => l.productId === productId && l.sku === sku);
  const existing = cart.lines[index];
  if (edit.kind === 'remove') {
    cart.lines.splice(index, 1);
  } else if (edit.kind === 'set') {
    if (existing) existing.quantity = edit.quantity;
  } else if (existing) {
    cart.lines[index] = { ...copyLine(edit.line), quantity: existing.quantity + edit.line.quantity };
  } else {
    cart.lines.push(copyLine(edit.line));
  }
  return cart;
}
