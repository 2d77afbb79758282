// Plain Node and workerd alike: the browser tests and bench/load.ts, which run in Node, use it too.

/** A random Belgian enterprise number with valid check digits, so every test gets accounts of its own. */
export function belgianNumber(): string {
  const base = String(Math.floor(Math.random() * 9_999_999) + 10_000_000).padStart(8, "0");
  const withZero = `0${base.slice(1)}`;
  const check = 97 - (Number(withZero) % 97);
  return withZero + String(check).padStart(2, "0");
}
