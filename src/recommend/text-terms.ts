/** Reduces a word to its stem ("candles" -> "candl"), so inflections of one word match. */
export type Stemmer = (word: string) => string;

// A short English list: product names are terse, so only words that carry nothing go.
const STOP_WORDS = new Set('a an and are as at be by for from in into is it of on or set the to with'.split(' '));

/**
 * Lower-cased word terms of a text, stemmed when a stemmer is given. Words are runs of letters,
 * combining marks and digits in any script (so "crème brûlée" and "жёлтая" stay whole);
 * everything else separates them. Single characters, numbers and stop words carry nothing.
 * Scripts written without spaces (Chinese, Japanese) are not segmented: a run is one term.
 */
export function textTerms(text: string, stem?: Stemmer): string[] {
  const out: string[] = [];
  for (const token of text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (token.length < 2 || STOP_WORDS.has(token) || /^\p{N}+$/u.test(token)) continue;
    out.push(stem ? stem(token) : token);
  }
  return out;
}

/**
 * The Porter stemmer of `natural`, an optional peer dependency: undefined when it is not
 * installed (or cannot be read), and content-based scoring then matches whole words only.
 * Only this one file of natural is loaded, never its index (which pulls in database clients).
 */
export async function loadPorterStemmer(specifier = 'natural/lib/natural/stemmers/porter_stemmer.js'): Promise<Stemmer | undefined> {
  try {
    const loaded = (await import(specifier)) as { default?: { stem?: unknown } };
    const stemmer = loaded.default;
    if (typeof stemmer?.stem !== 'function') return undefined;
    const stemWord = stemmer.stem as (word: string) => string;
    return (word) => stemWord.call(stemmer, word);
  } catch {
    return undefined;
  }
}
