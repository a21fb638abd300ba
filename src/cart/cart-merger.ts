import type { CartStore, LineLimits, StoredCart, StoredCartLine } from '../ports/cart-store.js';
import { CommerceError } from '../shared/errors.js';
import { lineKey } from './cart.js';
import type { MergeStrategy } from './cart-events.js';
import { cartConflict, type CartWriter } from './cart-writer.js';
import { retryOnConflict, type RetryPolicy } from '../shared/conflict-retry.js';
import { mergeLines } from './merge-lines.js';

type Dropped = ReturnType<typeof mergeLines>['dropped'];

/** What a merge stored: the target, what did not fit, and whether this call deleted the source. */
export interface MergeOutcome {
  merged: StoredCart;
  dropped: Dropped;
  sourceDeleted: boolean;
}

/**
 * The lines of `source` not yet merged, given the source as it was last merged (`seen`).
 * With `sum`, only what was added since counts (a line added, or a quantity raised), so
 * nothing is counted twice; with `max`, merging again is harmless, so the whole source
 * goes. A line removed or lowered in the guest cart after the first merge stays merged:
 * the target may have been edited since, and taking units back could undo the user's edit.
 */
function unmergedLines(source: readonly StoredCartLine[], seen: readonly StoredCartLine[] | undefined, strategy: MergeStrategy): StoredCartLine[] {
  if (!seen || strategy === 'max') return [...source];
  const before = new Map(seen.map((l) => [lineKey(l), l.quantity]));
  return source.flatMap((line) => {
    const added = line.quantity - (before.get(lineKey(line)) ?? 0);
    return added > 0 ? [{ ...line, quantity: added }] : [];
  });
}

/**
 * Merges a guest cart into the target on login. The target is stored first (compare-and-
 * set), then the source is deleted ONLY at the version that was merged: if the guest cart
 * changed in between (a line added from another tab while the login ran), the delete
 * answers `conflict` and the new lines are merged too before deleting again. So a line
 * added to the guest cart during the login is never lost. Bounded by the retry policy
 * (then CART_CONFLICT; the target then holds everything merged so far and the source stays).
 */
export async function mergeCartInto(
  deps: { store: CartStore; writer: CartWriter; retry: RetryPolicy; limits: LineLimits },
  input: { targetCartId: string; sourceCartId: string; strategy: MergeStrategy },
): Promise<MergeOutcome> {
  const dropped: Dropped = [];
  let seen: StoredCart | undefined;
  return retryOnConflict(deps.retry, async () => {
    // Written by the edit, which may run more than once (target conflicts): the last run counts.
    const pass: { read: StoredCart | undefined; dropped: Dropped } = { read: undefined, dropped: [] };
    const merged = await deps.writer.casLoop(input.targetCartId, async (target, now) => {
      pass.read = undefined;
      const source = await deps.store.get(input.sourceCartId, now);
      if (!source) {
        if (!seen) throw new CommerceError('CART_NOT_FOUND', { cartId: input.sourceCartId });
        return null; // Gone since the last pass (deleted or expired): nothing left to merge.
      }
      if (source.currency !== target.currency) {
        throw new CommerceError('CART_CURRENCY_MISMATCH', { reason: `${source.currency} cart into a ${target.currency} cart` });
      }
      pass.read = source;
      const result = mergeLines(target.lines, unmergedLines(source.lines, seen?.lines, input.strategy), input.strategy, deps.limits);
      pass.dropped = result.dropped;
      return {
        ...target,
        lines: result.lines,
        userId: target.userId ?? source.userId,
        couponCodes: [...new Set([...target.couponCodes, ...source.couponCodes])],
      };
    });
    // `max` merges the whole source again on each pass, so the last pass has every drop;
    // `sum` merges only what was added since, so its drops add up.
    if (input.strategy === 'max') dropped.length = 0;
    dropped.push(...pass.dropped);
    const read = pass.read;
    if (!read) return { done: true, value: { merged, dropped, sourceDeleted: false } };
    const deleted = await deps.store.delete({ cartId: input.sourceCartId, expectedVersion: read.version });
    if (deleted.code === 'conflict') {
      seen = read;
      return { done: false };
    }
    return { done: true, value: { merged, dropped, sourceDeleted: deleted.code === 'ok' } };
  }, (attempts) => cartConflict(input.sourceCartId, attempts));
}
