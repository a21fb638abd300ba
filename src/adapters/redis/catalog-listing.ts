import type { CatalogQuery, Product } from '../../ports/catalog-store.js';

/**
 * The listing index of the catalogue: one sorted set (all scores 0, so members sort by their
 * bytes), holding for each product one member per mix of filters it can be listed by:
 * `<filter prefix><id>`. A listing reads the members of its prefix in order, so every mix of
 * category, brand and active flag is one ZRANGEBYLEX, and ids come in byte order (code point
 * order, as the memory adapter lists them).
 *
 * A prefix spells each filter given as `<letter><length>:<value>` and each one not given as
 * `-`, separated by `|`: the length keeps a value that holds `|` from reading as another
 * prefix, and the fixed order of the filters keeps every mix distinct.
 */
export function listingPrefix(filters: Pick<CatalogQuery, 'category' | 'brand' | 'active'>): string {
  const category = filters.category === undefined ? '-' : `c${filters.category.length}:${filters.category}`;
  const brand = filters.brand === undefined ? '-' : `b${filters.brand.length}:${filters.brand}`;
  const active = filters.active === undefined ? '-' : filters.active ? 'a1' : 'a0';
  return `${category}|${brand}|${active}|`;
}

/** The members of `product`: one for each mix of its category, brand and active flag (up to 8). */
export function listingMembers(product: Product): string[] {
  const members: string[] = [];
  for (const category of product.category === undefined ? [undefined] : [undefined, product.category]) {
    for (const brand of product.brand === undefined ? [undefined] : [undefined, product.brand]) {
      for (const active of [undefined, product.active]) {
        members.push(listingPrefix({ ...(category !== undefined ? { category } : {}), ...(brand !== undefined ? { brand } : {}), ...(active !== undefined ? { active } : {}) }) + product.id);
      }
    }
  }
  return members;
}
