import { describe, expect, it } from "vitest";
import { GENERATED, LIMIT_FILES, limitsTable, rateLimitsTable, reasonsTable, withGenerated } from "../../scripts/docs/tables.ts";
import { errorStatus } from "../../src/errors.ts";
import { RATE_LIMITS } from "../../src/rate-limits.ts";
import { languages } from "../../src/i18n/languages.ts";
import { isReasonCode, REASONS, reasonCodes, renderReason } from "../../src/reasons/catalogue.ts";
import { samplesOf } from "../helpers/zod-samples.ts";
import { IMPORT_PROBLEMS } from "../../src/partners/import.ts";

const sources = import.meta.glob<string>("../../src/**/*.ts", { query: "?raw", import: "default", eager: true });
const docs = import.meta.glob<string>("../../docs/*.md", { query: "?raw", import: "default", eager: true });
const limitSources = import.meta.glob<string>("../../src/**/limits.ts", { query: "?raw", import: "default", eager: true });
const limitModules = import.meta.glob<Record<string, unknown>>("../../src/**/limits.ts", { eager: true });

describe("the catalogue of reasons", () => {
  it.each(reasonCodes)("%s has a message in every language, for every form of its parameters", (code) => {
    const samples = samplesOf(REASONS[code].params);
    expect(samples.length).toBeGreaterThan(0);
    for (const params of samples) {
      const english = renderReason({ code, params }, "en");
      expect(english, JSON.stringify(params)).toMatch(/\S/);
      for (const language of languages) {
        const text = renderReason({ code, params }, language);
        expect(text, `${language} ${JSON.stringify(params)}`).toMatch(/\S/);
        expect(text).not.toMatch(/undefined|\[object Object\]|NaN/);
        // A translation that is the English sentence is a translation missing.
        if (language !== "en") expect(text, `${code} in ${language}`).not.toBe(english);
      }
    }
  });

  it("renders nothing for a code or parameters it does not know, so the stored sentence is shown", () => {
    expect(renderReason({ code: "NO_SUCH_CODE", params: {} }, "fr")).toBeNull();
    expect(renderReason({ code: "VIRUS_FOUND", params: { signature: 42 } }, "fr")).toBeNull();
    expect(renderReason({ code: "VIRUS_FOUND", params: { signature: "Eicar-Test-Signature" } }, "de")).toBe("ClamAV hat darin Eicar-Test-Signature gefunden.");
  });
});

/**
 * Codes are used as string literals: `reason("X")`, `rule("X")`, `reasonCode: "X"`,
 * maps of provider errors to codes. The compiler checks most of them; this
 * reads the sources for any code-like literal that is neither a reason of
 * the catalogue nor one of the few other kinds of upper-case names.
 */
describe("the codes the sources use", () => {
  const otherNames = new Set<string>([
    ...Object.keys(errorStatus),
    // The rate limits, by name and binding.
    ...Object.keys(RATE_LIMITS),
    ...Object.values(RATE_LIMITS).map((limit) => limit.binding),
    // Configuration: vars, secrets and bindings.
    "INBOUND_DOMAIN", "SENDER_ADDRESS", "ADMIN_TOKEN", "BOUNCE_SECRET", "BOUNCE_SECRET_PREVIOUS", "AUTHSERV_ID", "CLAMD_HOST", "CLAMD_PORT", "PEPPOL_QUEUE", "INGEST_QUEUE", "SCAN_QUEUE", "OUTBOUND_QUEUE", "SEND_EMAIL",
    // Cloudflare Email Service's error codes, mapped to reasons where they are used.
    "E_SENDER_NOT_VERIFIED", "E_SENDER_DOMAIN_NOT_AVAILABLE", "E_RECIPIENT_NOT_ALLOWED", "E_RECIPIENT_SUPPRESSED", "E_CONTENT_TOO_LARGE",
    "E_TOO_MANY_RECIPIENTS", "E_VALIDATION_ERROR", "E_FIELD_MISSING", "E_HEADER_NOT_ALLOWED", "E_HEADER_USE_API_FIELD", "E_HEADER_VALUE_INVALID",
    "E_HEADER_VALUE_TOO_LONG", "E_HEADER_NAME_INVALID", "E_HEADERS_TOO_LARGE", "E_HEADERS_TOO_MANY", "E_DAILY_LIMIT_EXCEEDED",
    // A fallback for a flagged file without a code, which no code path writes.
    "UNSPECIFIED",
    // Why a row of a partner import was left out: a form's field problem, said to the importer, never stored.
    ...IMPORT_PROBLEMS,
  ]);

  it("finds every code-like literal in the catalogue or among the other names", () => {
    const unknown: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const [, literal] of text.matchAll(/["'`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["'`]/g)) {
        if (!isReasonCode(literal!) && !otherNames.has(literal!)) unknown.push(`${file}: ${literal}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("finds every code of the catalogue used somewhere, or declared as one a rule or a kind produces", () => {
    const all = Object.entries(sources)
      .filter(([file]) => !file.includes("/reasons/"))
      .map(([, text]) => text)
      .join("\n");
    const unused = reasonCodes.filter((code) => !all.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });
});

describe("the generated docs", () => {
  const doc = (file: string) => docs[`../../${file}`]!;

  it("list every code of the catalogue, as npm run docs writes them", () => {
    const checks = doc(GENERATED.reasons);
    expect(checks, "run npm run docs").toBe(withGenerated(checks, "reasons", reasonsTable()));
    for (const code of reasonCodes) expect(checks).toContain(`\`${code}\``);
  });

  it("list every limit with its value, as npm run docs writes them", () => {
    const modules = LIMIT_FILES.map((path) => ({ path, source: limitSources[`../../${path}`]!, values: limitModules[`../../${path}`]! }));
    const operating = doc(GENERATED.limits);
    expect(operating, "run npm run docs").toBe(withGenerated(operating, "limits", limitsTable(modules)));
    expect(operating).toContain("| `MAX_MAIL_BYTES` | 25 MiB |");
  });

  it("list every rate limit with its value, as npm run docs writes them", () => {
    const operating = doc(GENERATED["rate-limits"]);
    expect(operating, "run npm run docs").toBe(withGenerated(operating, "rate-limits", rateLimitsTable()));
  });
});
