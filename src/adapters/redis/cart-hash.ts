import type { StoredCart, StoredCartLine, TaxClass } from '../../ports/cart-store.js';

/**
 * How a cart sits in one Redis hash: ten meta fields (names start with `_`) and one field
 * per line (names start with `l`). A line field holds `seq:quantity:json`, so the line
 * scripts change a quantity with a string match, never decoding JSON; `seq` keeps the
 * order lines were added in, since a hash has none. The Lua scripts rely on exactly ten
 * meta fields being present (line count = HLEN - 10): every one is always written.
 */
export const META_FIELDS = ['_id', '_user', '_session', '_currency', '_coupons', '_v', '_created', '_updated', '_expires', '_seq'] as const;

/** The field of a line: JSON of the pair, so no separator can make two pairs collide. */
export function lineField(productId: string, sku: string): string {
  return `l${JSON.stringify([productId, sku])}`;
}

/** A line without its quantity, as JSON: the part the line scripts keep verbatim. */
export function lineBody(line: StoredCartLine): string {
  return JSON.stringify({
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    unitPrice: line.unitPrice,
    currency: line.currency,
    taxClass: line.taxClass,
    categories: line.categories,
    weightGrams: line.weightGrams,
  });
}

/**
 * The field/value pairs of a whole cart. `_v` and `_created` are included for create
 * only: compare-and-set keeps the stored ones.
 */
export function cartFields(cart: StoredCart, times: { updatedAt: number; expiresAt: number }, withIdentity: boolean): string[] {
  const fields = [
    '_id', cart.id,
    '_user', JSON.stringify(cart.userId),
    '_session', cart.sessionId,
    '_currency', cart.currency,
    '_coupons', JSON.stringify(cart.couponCodes),
    '_updated', String(times.updatedAt),
    '_expires', String(times.expiresAt),
    '_seq', String(cart.lines.length),
  ];
  if (withIdentity) fields.push('_v', String(cart.version), '_created', String(cart.createdAt));
  cart.lines.forEach((line, i) => fields.push(lineField(line.productId, line.sku), `${i + 1}:${line.quantity}:${lineBody(line)}`));
  return fields;
}

interface LineBody {
  productId: string;
  sku: string;
  name: string;
  unitPrice: string;
  currency: string;
  taxClass: TaxClass;
  categories: string[];
  weightGrams: number;
}

/** Rebuilds a cart from a flat HGETALL array [field, value, field, value, ...]. */
export function decodeCart(flat: readonly string[]): StoredCart {
  const meta = new Map<string, string>();
  const lines: { seq: number; line: StoredCartLine }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] as string;
    const value = flat[i + 1] as string;
    if (field.startsWith('_')) {
      meta.set(field, value);
      continue;
    }
    const first = value.indexOf(':');
    const second = value.indexOf(':', first + 1);
    const body = JSON.parse(value.slice(second + 1)) as LineBody;
    lines.push({
      seq: Number(value.slice(0, first)),
      line: {
        productId: body.productId,
        sku: body.sku,
        name: body.name,
        quantity: Number(value.slice(first + 1, second)),
        unitPrice: body.unitPrice,
        currency: body.currency,
        taxClass: body.taxClass,
        // cjson is never involved in line bodies (they are spliced as strings), so [] stays [].
        categories: body.categories,
        weightGrams: body.weightGrams,
      },
    });
  }
  lines.sort((a, b) => a.seq - b.seq);
  const get = (field: string): string => meta.get(field) ?? '';
  return {
    id: get('_id'),
    userId: JSON.parse(get('_user') || 'null') as string | null,
    sessionId: get('_session'),
    currency: get('_currency'),
    lines: lines.map((l) => l.line),
    couponCodes: JSON.parse(get('_coupons') || '[]') as string[],
    version: Number(get('_v')),
    createdAt: Number(get('_created')),
    updatedAt: Number(get('_updated')),
    expiresAt: Number(get('_expires')),
  };
}
