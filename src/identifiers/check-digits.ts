/** Check-digit algorithms of the identifier schemes partners are known by. Each takes digits (or A-Z0-9) only. */

/** Luhn (ISO/IEC 7812): French SIREN, Swedish organisation numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** GS1 mod 10 (weights 3 and 1 from the right): GLN and other GS1 keys. */
export function gs1Valid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) {
    sum += Number(digits[digits.length - 2 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** ISO 7064 MOD 97-10 over letters (A=10 ... Z=35) and digits: LEI, and IBAN once rearranged. */
export function mod97Valid(value: string): boolean {
  let remainder = 0;
  for (const char of value) {
    const code = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export function ibanValid(iban: string): boolean {
  return mod97Valid(iban.slice(4) + iban.slice(0, 4));
}

/**
 * Weighted mod 11 with the check digit last: 11 - (sum mod 11), where 11
 * means 0 and 10 cannot be issued. Norwegian organisation numbers and Swiss UIDs.
 */
export function mod11Valid(digits: string, weights: number[]): boolean {
  const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[weights.length]);
}

/** Australian Business Number: first digit minus one, weighted sum divisible by 89. */
export function abnValid(digits: string): boolean {
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const sum = weights.reduce((total, weight, i) => total + weight * (Number(digits[i]) - (i === 0 ? 1 : 0)), 0);
  return sum % 89 === 0;
}
