/**
 * The generated parts of docs/: the table of reasons (from the catalogue in
 * src/reasons/) and the table of limits (from the limit constants and their
 * comments). Pure functions of their inputs, so that `npm run docs` writes
 * them and a test checks that the docs hold what they would write.
 */
import { RATE_LIMITS } from "../../src/rate-limits.ts";
import { REASONS, reasonCodes, type ReasonCode } from "../../src/reasons/catalogue.ts";
import { reasonKinds, type ReasonKind } from "../../src/reasons/define.ts";

/** The files whose exported constants are the limits (read in this order). */
export const LIMIT_FILES = [
  "src/limits.ts",
  "src/db/limits.ts",
  "src/reasons/limits.ts",
  "src/pdf/limits.ts",
  "src/einvoice/limits.ts",
  "src/scan/limits.ts",
  "src/outbound/limits.ts",
  "src/sales-invoices/limits.ts",
  "src/partners/limits.ts",
  "src/api/limits.ts",
  "src/accounts/limits.ts",
  "src/users/limits.ts",
  "src/web/limits.ts",
] as const;

/** Where each generated table goes: between `<!-- generated:<name>:start -->` and `<!-- generated:<name>:end -->`. */
export const GENERATED = { reasons: "docs/checks.md", limits: "docs/operating.md", "rate-limits": "docs/operating.md", "fault-points": "docs/reliability.md" } as const;

/** Every rate limit: its binding, the limit, what it is counted per and what it protects. */
export function rateLimitsTable(): string {
  const rows = Object.entries(RATE_LIMITS).map(
    ([name, l]) => `| \`${name}\` | \`${l.binding}\` | ${l.limit} per ${l.periodSeconds} s | ${l.per} | ${cell(l.protects)} |`,
  );
  return ["| limit | binding | value | counted per | what it protects |", "|---|---|---|---|---|", ...rows].join("\n");
}

const KIND_HEADINGS: Record<ReasonKind, string> = {
  malicious: "Malicious: never imported, never served",
  invalid: "Invalid: damaged, or not what it claims to be",
  unsupported: "Unsupported: a type or mail that is not imported",
  scan_failed: "Scan failed: could not be scanned, can be rescanned",
  ignored: "Ignored: left out without an inbox item",
  no_attachment: "No attachment",
  forwarding_confirmation: "Forwarding confirmations",
  report: "Reports: delivery, feedback and read reports that reached an import address",
  skipped: "Skipped parts: why a part of a mail did not become a file",
  resolution: "Resolutions: why an inbox item no longer stands",
  delivery: "Deliveries: why one is blocked, failed or bounced",
  delivery_bounced: "Inbox items about deliveries",
  warning: "Warnings on purchase invoices",
  event: "Delivery history",
};

/** Markdown table cells hold no pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** The names of the parameters a reason's message needs, read from its zod schema (all options of a union). */
function paramNames(code: ReasonCode): string[] {
  const names = new Set<string>();
  const visit = (schema: unknown): void => {
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.type === "object") for (const key of Object.keys(def.shape as object)) names.add(key);
    if (def.type === "union") for (const option of def.options as unknown[]) visit(option);
    if (def.type === "intersection") {
      visit(def.left);
      visit(def.right);
    }
  };
  visit(REASONS[code].params);
  return [...names];
}

/** Every code of the catalogue, by kind and then by name, with what it means and the parameters its message takes. */
export function reasonsTable(): string {
  // Sorted, not in declaration order: module namespaces list their exports differently in Node and in the tests' bundler.
  const codes = [...reasonCodes].sort();
  return reasonKinds
    .filter((kind) => codes.some((code) => REASONS[code].kind === kind))
    .map((kind) => {
      const rows = codes
        .filter((code) => REASONS[code].kind === kind)
        .map((code) => {
          const params = paramNames(code);
          return `| \`${code}\` | ${cell(REASONS[code].description)} | ${params.length ? params.map((p) => `\`${p}\``).join(", ") : "–"} |`;
        });
      return [`#### ${KIND_HEADINGS[kind]}`, "", "| code | what it means | parameters |", "|---|---|---|", ...rows].join("\n");
    })
    .join("\n\n");
}

export interface LimitSource {
  path: string;
  /** The file's text, for the comment above each constant. */
  source: string;
  /** The module's exports, for the values. */
  values: Record<string, unknown>;
}

/** `/** text *\/ export const NAME =` -> NAME: text, in the file's order. */
function documentedConstants(source: string): { name: string; comment: string }[] {
  const found: { name: string; comment: string }[] = [];
  for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export const ([A-Z][A-Z0-9_]*)\s*=/g)) {
    const comment = match[1]!
      .split("\n")
      .map((line) => line.replace(/^\s*\*\s?/, "").trim())
      .filter(Boolean)
      .join(" ");
    found.push({ name: match[2]!, comment });
  }
  return found;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** A limit's value as a person reads it, by the unit its name ends with. */
export function formatLimit(name: string, value: number): string {
  if (/_BYTES(_|$)/.test(name)) {
    if (value >= MiB && value % MiB === 0) return `${value / MiB} MiB`;
    if (value >= KiB && value % KiB === 0) return `${value / KiB} KiB`;
    return `${value.toLocaleString("en-GB")} bytes`;
  }
  const seconds = /_MS$/.test(name) ? value / 1000 : /_SECONDS$/.test(name) ? value : null;
  if (seconds !== null) {
    if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
    if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
    return `${seconds} s`;
  }
  return value.toLocaleString("en-GB");
}

/** Every exported constant of the limit files, with its value and the comment that says what it protects. */
export function limitsTable(sources: LimitSource[]): string {
  const rows = sources.flatMap(({ path, source, values }) =>
    documentedConstants(source)
      .filter(({ name }) => typeof values[name] === "number")
      .map(({ name, comment }) => `| \`${name}\` | ${formatLimit(name, values[name] as number)} | ${cell(comment)} | \`${path}\` |`),
  );
  return ["| limit | value | what it protects | where |", "|---|---|---|---|", ...rows].join("\n");
}

/** The document with the section between the markers of `name` replaced by `table`. */
export function withGenerated(document: string, name: string, table: string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to < from) throw new Error(`the markers ${start} and ${end} are missing`);
  return `${document.slice(0, from + start.length)}\n${table}\n${document.slice(to)}`;
}
