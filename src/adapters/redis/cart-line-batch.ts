import type { LineLimits, LineResult, StoredCart, StoredCartLine } from '../../ports/cart-store.js';
import { copyCart, copyLine } from '../memory/cart-store.js';
import { lineBody, lineField, type CartReply } from './cart-hash.js';

/** One line edit as the `cart-line-batch` script takes it; `opKey` is its operation key (steps.ts). */
export type LineEdit = { now: number; expiresAt: number; ttlMs: number; readOnlyResult: boolean; opKey: string } & (
  | { kind: 'add'; line: StoredCartLine; limits: LineLimits }
  | { kind: 'set'; productId: string; sku: string; quantity: number; limits: LineLimits }
  | { kind: 'remove'; productId: string; sku: string }
);

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
 * Replays the script's decisions on the cart as it was before the batch: each applied edit
 * gets the cart right after it, each refused one its refusal, and each edit an earlier call
 * applied (decision 2) the cart as it stands, which holds that edit already (ports/cart-store.ts). Mirrors the script (and the
 * memory store) exactly: an added line goes last, an existing line keeps its place and
 * takes the new catalogue data, every applied edit bumps the version and slides the
 * expiry. Answers the results and the cart after the batch.
 *
 * `before`, `after` and the carts between are the store's own objects and are never
 * mutated: each edit makes a new cart that shares its unchanged line objects with the one
 * before it, so the store keeps a new version for the price of one line, not a whole cart.
 * An edit's result is a deep copy, the caller's to keep and change, unless the edit was
 * made with readOnlyResult: then it is the store's object itself (see CartStore).
 */
export function replayEdits(before: StoredCart, edits: readonly LineEdit[], decisions: readonly EditDecision[]): { results: LineResult[]; after: StoredCart } {
  let cart = before;
  const results = edits.map((edit, i): LineResult => {
    const decision = decisions[i];
    if (decision === undefined) throw new Error(`cart-line-batch answered ${decisions.length} results for ${edits.length} edits`);
    if (decision !== 1 && decision !== 2) return decision;
    if (decision === 1) cart = applyEdit(cart, edit);
    return { code: 'ok', cart: edit.readOnlyResult ? cart : copyCart(cart) };
  });
  return { results, after: cart };
}

/** A new cart with the edit applied; shares every line it does not change with `before`. */
function applyEdit(before: StoredCart, edit: LineEdit): StoredCart {
  const productId = edit.kind === 'add' ? edit.line.productId : edit.productId;
  const sku = edit.kind === 'add' ? edit.line.sku : edit.sku;
  const lines = before.lines.slice();
  const index = lines.findIndex((l) => l.productId === productId && l.sku === sku);
  const existing = lines[index];
  if (edit.kind === 'remove') {
    lines.splice(index, 1);
  } else if (edit.kind === 'set') {
    if (existing) {
      const line = copyLine(existing);
      line.quantity = edit.quantity;
      lines[index] = line;
    }
  } else if (existing) {
    const line = copyLine(edit.line);
    line.quantity = existing.quantity + edit.line.quantity;
    lines[index] = line;
  } else {
    lines.push(copyLine(edit.line));
  }
  // Field by field: a spread of a cart that was itself made here would cost far more (see copyLine).
  const { id, userId, sessionId, currency, couponCodes, createdAt } = before;
  return { id, userId, sessionId, currency, lines, couponCodes, version: before.version + 1, createdAt, updatedAt: edit.now, expiresAt: edit.expiresAt };
}
