// What the storefront sells on its first start: the demo's 40 products, their stock and two
// coupons. A shared backend (Redis) is seeded by the first instance only.
import { Money, type Commerce } from '../../src/index.js';
import { loadProducts, type Catalogue } from '../../demo/shop.js';

/** These three sit just above their reorder point, so the first sale raises a reorder. */
export const NEAR_REORDER = ['SKU-22423', 'SKU-85123A', 'SKU-47566'];

export const COUPONS = [
  { id: 'spring', code: 'SPRING10', kind: 'percentage', percent: '10', usageLimit: 500 },
  { id: 'shipping', code: 'FREESHIP', kind: 'free_shipping' },
] as const;

/**
 * Seeds an empty backend; answers false (and writes nothing) when the catalogue already holds
 * the demo's products: a second instance on the same Redis, or a restart.
 */
export async function seedShop(shop: Commerce, catalogue: Catalogue): Promise<boolean> {
  const last = catalogue.products.at(-1);
  if (!last || (await shop.catalog.getProduct(last.productId))) return false;
  await loadProducts(shop, catalogue);
  for (const [i, p] of catalogue.products.entries()) {
    await shop.inventory.addInventoryItem({
      sku: p.sku,
      productName: p.name,
      onHand: NEAR_REORDER.includes(p.sku) ? 7 : 40 + ((i * 7) % 30),
      reorderPoint: 5,
      reorderQuantity: 48,
      // The supplier's price: 45% of the shelf price.
      costPerUnit: Money.of(p.price, catalogue.currency).multiply('0.45').round().toJSON(),
      supplierId: `supplier-${p.category}`,
      location: `aisle-${p.category}`,
    });
  }
  for (const coupon of COUPONS) await shop.cart.savePromotion({ ...coupon });
  return true;
}
