// natural's index pulls in database clients and dotenv; the engine imports only the two
// CommonJS files it uses (tokenizer and stemmer), which ship without their own typings.
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer.js' {
  export default class AggressiveTokenizer {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
