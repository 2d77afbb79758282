import type { z } from "zod";
import { locales, type Language } from "../i18n/languages.ts";

/**
 * What a reason is about, which decides where it can appear:
 * - `malicious`, `invalid`, `unsupported`, `scan_failed`: a file (or a whole
 *   mail) that was not imported; its inbox item has this kind;
 * - `ignored`: a file left out without an inbox item (a logo);
 * - `no_attachment`, `forwarding_confirmation`, `report`: a mail that
 *   brought no invoice, as an informational inbox item of that kind;
 * - `skipped`: why a part of a mail did not become a file (its body, a
 *   signature, a logo...), listed with the mail;
 * - `resolution`: why an inbox item no longer stands;
 * - `delivery`: why a delivery is blocked, failed or bounced;
 * - `delivery_bounced`: an inbox item about a delivery that did not arrive;
 * - `warning`: what a purchase invoice's e-invoice data lacks or gets wrong;
 * - `event`: an entry in a delivery's history.
 */
export const reasonKinds = [
  "malicious",
  "invalid",
  "unsupported",
  "scan_failed",
  "ignored",
  "no_attachment",
  "forwarding_confirmation",
  "report",
  "skipped",
  "resolution",
  "delivery",
  "delivery_bounced",
  "warning",
  "event",
] as const;
export type ReasonKind = (typeof reasonKinds)[number];

/** A reason as rows store it: its code and the values its message needs. */
export interface ReasonRef {
  code: string;
  params: Record<string, unknown>;
}

/** Formatting in the language a message is rendered in. */
export interface Format {
  language: Language;
  /** 1234.5 -> "1,234.5" / "1 234,5" / "1.234,5". */
  number(value: number, digits?: number): string;
  /** Bytes as MiB with one decimal, or whole when round: "5 MiB", "5.3 MiB". */
  mebibytes(bytes: number): string;
  /** ["a", "b", "c"] -> "a, b and c" / "a, b et c" / "a, b en c" / "a, b und c". */
  list(items: readonly string[]): string;
  /** A nested reason (the cause of a blocked delivery), in the same language. */
  reason(ref: ReasonRef): string;
}

export type Messages<P> = Record<Language, (params: P, format: Format) => string>;

export interface ReasonDefinition<P = unknown> {
  kind: ReasonKind;
  /** The values its message needs, checked when a row is read back. */
  params: z.ZodType<P>;
  /** What it finds or means, for the docs: when it fires, and what it does not fire on. */
  description: string;
  messages: Messages<P>;
}

export function defineReason<P>(definition: ReasonDefinition<P>): ReasonDefinition<P> {
  return definition;
}

const MiB = 1024 * 1024;

export function formatFor(language: Language, reason: (ref: ReasonRef) => string): Format {
  const locale = locales[language];
  const number = (value: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return {
    language,
    number,
    mebibytes: (bytes) => `${number(bytes / MiB, 1)} MiB`,
    list: (items) => new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items),
    reason,
  };
}
