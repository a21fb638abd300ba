/**
 * Uniform numbers in (0, 1) from a seed: the Park-Miller generator (x -> 48271 x mod 2^31 - 1,
 * exact in doubles). Not for secrets; for what must repeat from run to run (ALS's starting
 * factors, the sample of validation shoppers), so a seed in the settings replays a training.
 */
export function seededRandom(seed: number): () => number {
  const modulus = 2147483647;
  let state = Math.abs(Math.trunc(seed)) % modulus || 1;
  return () => (state = (state * 48271) % modulus) / modulus;
}

/** Fisher-Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
