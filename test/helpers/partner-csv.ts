import { belgianNumber } from "./numbers.ts";

/**
 * A partner list as a spreadsheet exports it (";"-separated, as Excel does
 * in Belgium): `rows` partners with valid, new VAT numbers, of which the
 * rows at `bad` (0-based) each break one rule: a VAT number whose check
 * digits are wrong, an email address that is not one, a missing name,
 * in turn. Returns the text and the file lines (header = 1) of the bad rows.
 */
export function partnerCsv(rows: number, bad: number[] = []): { csv: string; badLines: number[]; names: string[] } {
  const header = "name;roles;vatNumber;email;language;city;country";
  const lines: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rows; i++) {
    const number = belgianNumber();
    const name = `Partner ${i + 1} ${number}`;
    let cells = [name, "customer", `BE${number}`, `ap${i + 1}@partner-${number}.example`, i % 2 ? "nl" : "fr", "Gent", "BE"];
    const which = bad.indexOf(i);
    // Belgian check digits are 97 - (base mod 97): one more is never right.
    if (which % 3 === 0) cells[2] = `BE${number.slice(0, 8)}${String((Number(number.slice(8)) + 1) % 100).padStart(2, "0")}`;
    if (which % 3 === 1) cells[3] = "not-an-address";
    if (which % 3 === 2) cells[0] = "";
    if (which === -1) names.push(name);
    lines.push(cells.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";"));
  }
  return { csv: `${header}\r\n${lines.join("\r\n")}\r\n`, badLines: bad.map((i) => i + 2), names };
}
