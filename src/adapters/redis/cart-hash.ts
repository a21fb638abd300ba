import type { StoredCart, StoredCartLine, TaxClass } from '../../ports/cart-store.js';

/**
 * How a cart sits in one Redis hash: eleven meta fields (names start with `_`) and one field
 * per line (names start with `l`). A line field holds `seq,quantity,{json}`, so the line
 * scripts change a quantity with a string match, never decoding JSON, and a script
 * answers a line by wrapping it in brackets (a JSON array, see lua/lib/cart-reply.lua); `seq`
 * keeps the order lines were added in, since a hash has none. `_inc` is a random token set
 * once per create, so a cart deleted and created again under the same id is told apart
 * from the old one even at the same version and time (see RedisCartStore's copies). The Lua scripts rely on exactly eleven
 * meta fields being present (line count = HLEN - 11): every one is always written.
 */
export const META_FIELDS = ['_id', '_user', '_session', '_currency', '_coupons', '_v', '_created', '_inc', '_updated', '_expires', '_seq'] as const;

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
    // JSON.stringify leaves an undefined field out: absent stays absent.
    taxIncluded: line.taxIncluded,
  });
}

/**
 * The field/value pairs of a whole cart. `_v`, `_created` and `_inc` come with `incarnation`,
 * for create only: compare-and-set keeps the stored ones.
 */
export function cartFields(cart: StoredCart, times: { updatedAt: number; expiresAt: number }, incarnation?: string): string[] {
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
  if (incarnation !== undefined) fields.push('_v', String(cart.version), '_created', String(cart.createdAt), '_inc', incarnation);
  cart.lines.forEach((line, i) => fields.push(lineField(line.productId, line.sku), `${i + 1},${line.quantity},${lineBody(line)}`));
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
  taxIncluded?: boolean;
}

/** A cart as the scripts answer it (lua/lib/cart-reply.lua): meta [field, value, ...], lines spliced. */
export interface CartReply {
  m: string[];
  l: [seq: number, quantity: number, body: LineBody][];
}

/** The `_inc` of a cart in a script's reply. */
export function incarnationOf(reply: CartReply): string {
  for (let i = 0; i + 1 < reply.m.length; i += 2) if (reply.m[i] === '_inc') return reply.m[i + 1] as string;
  return '';
}

/** Rebuilds a cart from a script's reply. */
export function decodeCart(reply: CartReply): StoredCart {
  const lines = reply.l.sort((a, b) => a[0] - b[0]);
  const m: Partial<Record<(typeof META_FIELDS)[number], string>> = {};
  for (let i = 0; i + 1 < reply.m.length; i += 2) m[reply.m[i] as (typeof META_FIELDS)[number]] = reply.m[i + 1] as string;
  return {
    id: m._id ?? '',
    userId: JSON.parse(m._user ?? 'null') as string | null,
    sessionId: m._session ?? '',
    currency: m._currency ?? '',
    lines: lines.map(([, quantity, body]) => {
      const line: StoredCartLine = {
        productId: body.productId,
        sku: body.sku,
        name: body.name,
        quantity,
        unitPrice: body.unitPrice,
        currency: body.currency,
        taxClass: body.taxClass,
        // Line bodies are spliced as stored, never re-encoded by cjson, so [] stays [].
        categories: body.categories,
        weightGrams: body.weightGrams,
      };
      if (body.taxIncluded !== undefined) line.taxIncluded = body.taxIncluded;
      return line;
    }),
    couponCodes: JSON.parse(m._coupons ?? '[]') as string[],
    version: Number(m._v),
    createdAt: Number(m._created),
    updatedAt: Number(m._updated),
    expiresAt: Number(m._expires),
  };
}

/**
 * Until when (Clock time, ms) Redis keeps a cart whose domain expiry is `expiresAt`: the
 * grace after it, rounded up to a multiple of `step` (none when 0). cart-line-batch.lua
 * computes the same in the same double arithmetic.
 */
export function keepUntil(expiresAt: number, graceMs: number, step: number): number {
  const until = expiresAt + graceMs;
  return step === 0 ? until : Math.ceil(until / step) * step;
}
