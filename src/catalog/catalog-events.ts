/** A product was created or changed (`saveProduct`, `setActive`). */
export interface ProductSaved {
  productId: string;
  version: number;
  active: boolean;
  skus: string[];
  at: number;
}

export type CatalogEvents = {
  'product.saved': ProductSaved;
};
