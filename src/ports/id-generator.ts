/**
 * Where every service gets new identifiers. Tests use `SequentialIds` from
 * `commerce-kernel/testing` for readable, repeatable ids.
 */
export interface IdGenerator {
  /**
   * A new unique id for a thing of the given kind (`cart`, `order`, `payment`, ...).
   * Ids are opaque strings; the kind is a hint that adapters may put in the id.
   */
  next(kind: string): string;
}
