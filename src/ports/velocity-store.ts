/**
 * Counts what fraud screening needs over sliding windows: for a key (`attempt:email:x`,
 * `device-cards:d1`), the distinct members seen since a time. Attempts use the payment id
 * as member (so a count is a number of attempts); "cards per device" uses the card
 * fingerprint (so a count is a number of distinct cards). A Redis adapter is a sorted set
 * per key (ZADD member score=at, ZCOUNT since..+inf).
 *
 * `record` needs no `opId` (ports/replay.ts): a member keeps the latest time it was recorded
 * at, so recording the same entries again, in any order with other records, leaves and answers
 * the same. Every string must be well-formed Unicode (else VALIDATION_FAILED).
 */
export interface VelocityStore {
  /** Records each member under its key at time `at`; entries older than `retainMs` may be dropped. */
  record(input: { entries: { key: string; member: string }[]; at: number; retainMs: number }): Promise<void>;

  /** For each query, how many distinct members of `key` were recorded at or after `since`. */
  count(queries: { key: string; since: number }[]): Promise<number[]>;
}
