/**
 * Finds a raw card number (PAN) in free input, so checkout can refuse it before anything is
 * stored. A PAN is 13-19 digits passing the Luhn check; people and forms write it in groups
 * separated by spaces or dashes, so single separators between digits are skipped. Any run of
 * digits of that length that passes Luhn counts, wherever it sits in a string: a gateway
 * token never needs one, and a false refusal costs a retry while a stored PAN costs PCI scope.
 */

const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** True when the text holds 13-19 digits (optionally grouped) that pass Luhn. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length < 13) continue;
    // A longer run may hide a card number next to other digits: try every window.
    for (let length = 13; length <= Math.min(19, digits.length); length++) {
      for (let start = 0; start + length <= digits.length; start++) {
        if (passesLuhn(digits.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

/** True when any string anywhere inside the value (object keys included) holds a card number. */
export function valueContainsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return containsCardNumber(value);
  if (typeof value === 'number' || typeof value === 'bigint') return containsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(valueContainsCardNumber);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => containsCardNumber(key) || valueContainsCardNumber(v));
  }
  return false;
}
