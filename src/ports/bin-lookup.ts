/** What the issuer identification number (first 6-8 digits) of a card says about it. */
export interface BinLookup {
  /** The card's issuing country (ISO 3166-1 alpha-2) and what else is known, or null. */
  lookup(bin: string): Promise<BinInfo | null>;
}

export interface BinInfo {
  country?: string;
  brand?: string;
  type?: 'credit' | 'debit' | 'prepaid';
}
