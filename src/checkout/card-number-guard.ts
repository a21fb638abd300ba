/**
 * Finds a raw card number (PAN) in free input, so checkout can refuse it before anything is
 * stored. A PAN is 13-19 digits passing the Luhn check. People and forms write it whole or in
 * groups separated by a space or a dash, sometimes followed by more digits (`4111 1111 1111
 * 1111 12/27`), so every run of consecutive groups of 13-19 digits is checked, wherever it
 * sits in a string. A run of more than 19 digits with no separator is not a card number and
 * is not split, which keeps numeric gateway tokens from tripping the check by chance.
 */

const DIGIT_GROUPS = /\d+(?:[ -]\d+)*/g;

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

/** True when the text holds 13-19 digits (whole or in consecutive groups) that pass Luhn. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_GROUPS)) {
    const groups = match[0].split(/[ -]/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last] ?? '';
        if (digits.length > 19) break;
        if (digits.length >= 13 && passesLuhn(digits)) return true;
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
