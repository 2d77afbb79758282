/**
 * Belgian enterprise numbers (KBO/BCE), which are also the digits of Belgian
 * VAT numbers: ten digits starting with 0 or 1, the last two being
 * 97 - (first eight mod 97). Returns what is wrong, or null.
 */
export function belgianNumberProblem(digits: string): string | null {
  if (!/^\d{10}$/.test(digits)) return "it should have 10 digits";
  if (digits[0] !== "0" && digits[0] !== "1") return "it should start with 0 or 1";
  const check = 97 - (Number(digits.slice(0, 8)) % 97);
  if (check !== Number(digits.slice(8))) return "its check digits do not match";
  return null;
}

/** Numbers issued before 2005 are often still written with 9 digits, without the leading 0. */
export function withOldBelgianZero(digits: string): string {
  return digits.length === 9 ? `0${digits}` : digits;
}
