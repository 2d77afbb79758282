import type { Language } from "../i18n/languages.ts";
import { capText } from "../text.ts";
import { formatFor, type ReasonDefinition, type ReasonKind, type ReasonRef } from "./define.ts";
import * as deliveries from "./deliveries.ts";
import * as events from "./events.ts";
import * as files from "./files.ts";
import { MAX_REASON_PARAM_CHARS } from "./limits.ts";
import * as mail from "./mail.ts";
import * as warnings from "./warnings.ts";

/**
 * The one catalogue of reasons: every code the connector can put on a file,
 * an inbox item, a mail, a purchase invoice's warnings, a delivery or a
 * delivery's history, declared once with its kind, the parameters its
 * message needs and its message in every language.
 *
 * Rows store a code and its parameters; the sentence is rendered when it is
 * read, in the reader's language. To add a reason: declare it in the file of
 * its kind, use it through `reason()`, and run `npm run docs` (the checks
 * doc lists every code; a test fails when it does not).
 */
export const REASONS = { ...files, ...mail, ...deliveries, ...events, ...warnings } as const;

export type ReasonCode = keyof typeof REASONS;
export type ReasonParams<C extends ReasonCode> = (typeof REASONS)[C] extends ReasonDefinition<infer P> ? P : never;

/** A reason with its parameters, checked by the compiler against the catalogue. */
export type Reason<C extends ReasonCode = ReasonCode> = { [K in C]: { code: K; params: ReasonParams<K> } }[C];

export const reasonCodes = Object.keys(REASONS) as ReasonCode[];

/** A reason of the catalogue; every text in its parameters is capped at MAX_REASON_PARAM_CHARS, as much of it comes from outside. */
export function reason<C extends ReasonCode>(code: C, ...params: {} extends ReasonParams<C> ? [params?: ReasonParams<C>] : [ReasonParams<C>]): Reason<C> {
  return { code, params: capped(params[0] ?? {}) } as Reason<C>;
}

function capped(value: unknown): unknown {
  if (typeof value === "string") return capText(value, MAX_REASON_PARAM_CHARS);
  if (Array.isArray(value)) return value.map(capped);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, capped(v)]));
  return value;
}

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASONS, code);
}

export function kindOf(code: ReasonCode): ReasonKind {
  return REASONS[code].kind;
}

/** The codes of the given kinds, in catalogue order: what an API field can hold. */
export function codesOfKind(...kinds: ReasonKind[]): [ReasonCode, ...ReasonCode[]] {
  return reasonCodes.filter((code) => kinds.includes(REASONS[code].kind)) as [ReasonCode, ...ReasonCode[]];
}

/**
 * The sentence of a stored reason in `language`, or null when the row cannot
 * be rendered (a code or parameters from before the catalogue): the caller
 * then shows the sentence stored with the row, which reads as it always did.
 */
export function renderReason(ref: { code: string; params: unknown } | null | undefined, language: Language): string | null {
  if (!ref || !isReasonCode(ref.code)) return null;
  const definition = REASONS[ref.code] as ReasonDefinition<unknown>;
  const params = definition.params.safeParse(ref.params ?? {});
  if (!params.success) return null;
  const format = formatFor(language, (nested: ReasonRef) => renderReason(nested, language) ?? nested.code);
  return definition.messages[language](params.data, format);
}

/** The English sentence, stored with the row for logs, operators and readers of the raw table. */
export function englishReason(ref: Reason): string {
  return renderReason(ref, "en")!;
}

/** A reason as the columns of a row that holds one: code, parameters, and the English sentence. */
export function reasonColumns(ref: Reason): { reasonCode: ReasonCode; reasonParams: Record<string, unknown>; reason: string } {
  return { reasonCode: ref.code, reasonParams: ref.params as Record<string, unknown>, reason: englishReason(ref) };
}

/**
 * A stored reason read back: rendered in `language` from its code and
 * parameters, or, on a row written before the catalogue (no parameters),
 * the sentence stored with it, which reads as it always did.
 */
export function readReason(code: string | null, params: Record<string, unknown> | null, stored: string | null, language: Language): string | null {
  if (code === null) return stored;
  return (params === null ? null : renderReason({ code, params }, language)) ?? stored;
}
