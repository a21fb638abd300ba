import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReorderRule, availableOf, mergeLines, statusOf } from '../../src/inventory/stock-rules.js';
import { inventoryItemFixture } from '../../src/testing/index.js';

const itemArb = fc.record({
  onHand: fc.integer({ min: -50, max: 50 }),
  reserved: fc.integer({ min: 0, max: 50 }),
  reorderPoint: fc.integer({ min: 0, max: 20 }),
  reorderQuantity: fc.integer({ min: 0, max: 20 }),
  allowBackorder: fc.boolean(),
  discontinued: fc.boolean(),
  reorderPending: fc.boolean(),
});

describe('stock rules', () => {
  it('mergeLines keeps every SKU total, once per SKU, sorted', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.constantFrom('a', 'b', 'C', 'd-1'), quantity: fc.integer({ min: 1, max: 100 }) })), (lines) => {
        const merged = mergeLines(lines);
        const skus = merged.map((l) => l.sku);
        expect(skus).toEqual([...new Set(lines.map((l) => l.sku))].sort());
        for (const { sku, quantity } of merged) {
          expect(quantity).toBe(lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0));
        }
      }),
    );
  });

  it('statusOf follows available stock, backorder and discontinuation', () => {
    fc.assert(
      fc.property(itemArb, (spec) => {
        const item = inventoryItemFixture('X', spec);
        const status = statusOf(item);
        const available = availableOf(item);
        if (spec.discontinued) expect(status).toBe('discontinued');
        else if (available <= 0) expect(status).toBe(spec.allowBackorder ? 'backordered' : 'out_of_stock');
        else expect(status).toBe(available <= spec.reorderPoint ? 'low_stock' : 'in_stock');
      }),
    );
  });

  it('the reorder rule asks at most once until the pending flag is cleared', () => {
    fc.assert(
      fc.property(itemArb, (spec) => {
        const item = inventoryItemFixture('X', spec);
        const count = item.reorderCount;
        const asked = applyReorderRule(item);
        const due = !spec.reorderPending && !spec.discontinued && spec.reorderQuantity > 0 && availableOf(item) <= spec.reorderPoint;
        expect(asked).toBe(due);
        expect(item.reorderCount).toBe(count + (asked ? 1 : 0));
        expect(applyReorderRule(item)).toBe(false);
      }),
    );
  });
});
