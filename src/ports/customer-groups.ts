/**
 * Which groups a customer is in ("wholesale", "staff", "vip"), as the host knows them; the
 * promotions with `customerGroups` apply only to customers in one of theirs. Read once per
 * pricing, and only when a promotion in play asks.
 */
export interface CustomerGroups {
  /** The groups of the customer (the cart's user, or the customer named at checkout); none for an unknown one. */
  groupsOf(customerId: string): Promise<string[]>;
}
