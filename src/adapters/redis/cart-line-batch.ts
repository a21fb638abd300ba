import { applyLineEdit, type LineChange } from '../../cart/line-rules.js';
import type { LineResult, StoredCart } from '../../ports/cart-store.js';
import { lineBody, lineField, type CartReply } from './cart-hash.js';

/**
 * One line edit as the `cart-line-batch` script takes it: the change (cart/line-rules.ts) to
 * a cart, when and until when, the Redis TTL and its operation key (steps.ts).
 */
export type LineEdit = LineChange & { cartId: string; now: number; expiresAt: number; ttlMs: number; opKey: string };

/** How the script decided each edit: 1 for applied, 2 for applied by an earlier call (a replay), else the refusal. */
export type EditDecision = 1 | 2 | Exclude<LineResult, { code: 'ok' }>;

/** What the script answers; see lua/cart-line-batch.lua. */
export type BatchReply = { missing: true } | { cart: CartReply | null; results: EditDecision[] };

/**
 * Appends the script's three arguments for one edit to `args`: its numbers, kind and
 * currency packed in one string, the line field, the line body. Each argument costs the
 * client an encoding step and Redis a string, so an edit sends 3 instead of 10.
 */
export function pushEditArgs(args: (string | number)[], edit: LineEdit): void {
  const head = `${edit.kind},${edit.now},${edit.expiresAt},${edit.ttlMs}`;
  switch (edit.kind) {
    case 'add': {
      const { line, limits } = edit;
      args.push(`${head},${line.quantity},${limits.maxQuantity},${limits.maxLines},${line.currency}`, lineField(line.productId, line.sku), lineBody(line));
      return;
    }
    case 'set':
      args.push(`${head},${edit.quantity},${edit.limits.maxQuantity},,`, lineField(edit.productId, edit.sku), '');
      return;
    case 'remove':
      args.push(`${head},,,,`, lineField(edit.productId, edit.sku), '');
  }
}

/**
 * Replays the script's decisions on the cart as it was before the batch, by the rules the
 * script mirrors (cart/line-rules.ts): each applied edit gets the cart right after it, each
 * refused one its refusal, and each edit an earlier call applied (decision 2) the cart as it
 * stands, which holds that edit already (ports/cart-store.ts). Answers the results and the
 * cart after the batch.
 *
 * `before`, `after` and the carts between are the store's own objects, answered as they are
 * and never changed (ports/cart-store.ts: answers are read-only): each applied edit makes a
 * new cart that shares its unchanged lines with the one before it, so the store keeps a new
 * version, and answers it, for the price of one line.
 */
export function replayEdits(before: StoredCart, edits: readonly LineEdit[], decisions: readonly EditDecision[]): { results: LineResult[]; after: StoredCart } {
  let cart = before;
  const results = edits.map((edit, i): LineResult => {
    const decision = decisions[i];
    if (decision === undefined) throw new Error(`cart-line-batch answered ${decisions.length} results for ${edits.length} edits`);
    if (decision !== 1 && decision !== 2) return decision;
    if (decision === 1) cart = applyLineEdit(cart, edit, edit);
    return { code: 'ok', cart };
  });
  return { results, after: cart };
}
