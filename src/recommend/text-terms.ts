import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

const tokenizer = new AggressiveTokenizer();

// A short English list: product names are terse, so only words that carry nothing go.
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it of on or set the to with of'.split(' '),
);

/** Lower-cased, stemmed word terms of a text (natural's tokenizer and Porter stemmer). */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of tokenizer.tokenize(text.toLowerCase())) {
    for (const token of raw.split(/[-/']+/)) {
      if (token.length < 2 || STOP_WORDS.has(token) || /^\d+$/.test(token)) continue;
      out.push(PorterStemmer.stem(token));
    }
  }
  return out;
}
