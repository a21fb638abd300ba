import type { ScoreBuffer } from './score-buffer.js';
import { TopK } from './score-buffer.js';
import { sparseRowsFrom, transpose, type SparseRows } from './sparse-rows.js';
import { textTerms, type Stemmer } from './text-terms.js';
import type { RecommendProduct } from './types.js';

/** TF-IDF vectors of products, kept sparse (natural's TfIdf rescans every document per term). */
export interface ContentModel {
  terms: string[];
  /** Row per item: L2-normalised TF-IDF weights by term index. Items without text have empty rows. */
  vectors: SparseRows;
  /** Row per term: the items holding it (the inverted index that finds each item's neighbours). */
  postings: SparseRows;
}

/**
 * The bag of terms of a product: name, description and tags as words (stemmed when a stemmer
 * is given); category, brand and price band as whole tokens, so "Home & Garden" matches only
 * itself and not every "home".
 */
function productTerms(p: RecommendProduct, stem: Stemmer | undefined): string[] {
  const terms = [...textTerms(p.name, stem), ...textTerms(p.description, stem), ...p.tags.flatMap((t) => textTerms(t, stem))];
  if (p.category) terms.push(`category:${p.category.toLowerCase()}`);
  if (p.brand) terms.push(`brand:${p.brand.toLowerCase()}`);
  if (p.priceBand) terms.push(`price:${p.priceBand}`);
  return terms;
}

/**
 * Sublinear tf (1 + ln tf) times smoothed idf (ln((1 + N) / (1 + df)) + 1), as scikit-learn's
 * TfidfVectorizer(sublinear_tf) does, then L2-normalised so a dot product is a cosine.
 */
export function trainContent(itemIds: readonly string[], products: ReadonlyMap<string, RecommendProduct>, stem: Stemmer | undefined): ContentModel {
  const termIndex = new Map<string, number>();
  const terms: string[] = [];
  const counts: Map<number, number>[] = itemIds.map((id) => {
    const tf = new Map<number, number>();
    const product = products.get(id);
    if (!product) return tf;
    for (const term of productTerms(product, stem)) {
      let t = termIndex.get(term);
      if (t === undefined) {
        t = terms.length;
        terms.push(term);
        termIndex.set(term, t);
      }
      tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    return tf;
  });
  const documents = counts.filter((c) => c.size > 0).length;
  const df = new Float64Array(terms.length);
  for (const tf of counts) for (const t of tf.keys()) df[t]!++;
  const rows = counts.map((tf) => {
    const row: [number, number][] = [...tf].map(([t, c]) => [t, (1 + Math.log(c)) * (Math.log((1 + documents) / (1 + df[t]!)) + 1)]);
    const norm = Math.sqrt(row.reduce((s, [, w]) => s + w * w, 0));
    return row.map(([t, w]) => [t, w / norm] as [number, number]).sort((a, b) => a[0] - b[0]);
  });
  const vectors = sparseRowsFrom(rows);
  return { terms, vectors, postings: transpose(vectors, terms.length) };
}

/** Cosine of every item with one item, through the inverted index. */
function cosineWith(model: ContentModel, item: number, weight: number, out: ScoreBuffer): void {
  const { vectors, postings } = model;
  for (let p = vectors.offsets[item]!; p < vectors.offsets[item + 1]!; p++) {
    const t = vectors.indices[p]!;
    const w = weight * vectors.values[p]!;
    for (let q = postings.offsets[t]!; q < postings.offsets[t + 1]!; q++) out.add(postings.indices[q]!, w * postings.values[q]!);
  }
}

/** Each item's `k` nearest items by cosine (for similar products). */
export function contentNeighbours(model: ContentModel, k: number, buffer: ScoreBuffer): SparseRows {
  const items = model.vectors.offsets.length - 1;
  const rows: [number, number][][] = [];
  for (let i = 0; i < items; i++) {
    cosineWith(model, i, 1, buffer);
    const top = new TopK(k);
    buffer.drain((j, s) => {
      if (j !== i && s > 1e-9) top.offer(j, s);
    });
    rows.push(top.sorted());
  }
  return sparseRowsFrom(rows);
}
