import type { SkippedPart, SkipWhy } from "../db/schema/index.ts";
import type { Reason, ReasonCode, ReasonParams } from "../reasons/catalogue.ts";

/** The reason of the catalogue that says why, for each kind of skipped part. */
export const SKIP_REASONS = {
  body: "SKIPPED_BODY",
  signature: "SKIPPED_SIGNATURE",
  encrypted: "SKIPPED_ENCRYPTED",
  signature_logo: "SKIPPED_SIGNATURE_LOGO",
  inline_image: "SKIPPED_INLINE_IMAGE",
  image_not_document: "SKIPPED_IMAGE_NOT_DOCUMENT",
  report: "SKIPPED_REPORT",
  empty: "SKIPPED_EMPTY",
  duplicate_part: "SKIPPED_DUPLICATE_PART",
  calendar: "SKIPPED_CALENDAR",
  contact_card: "SKIPPED_CONTACT_CARD",
  resource_fork: "SKIPPED_RESOURCE_FORK",
} as const satisfies Record<SkipWhy, ReasonCode>;

type SkipParams<W extends SkipWhy> = ReasonParams<(typeof SKIP_REASONS)[W]>;

/** Where a skipped part was, and what it was declared to be. */
export type PartPlace = Omit<SkippedPart, "why" | "params">;

/** A skipped part, with the parameters its reason needs (checked by the compiler). */
export function skippedPart<W extends SkipWhy>(place: PartPlace, why: W, ...params: {} extends SkipParams<W> ? [params?: SkipParams<W>] : [SkipParams<W>]): SkippedPart {
  return { ...place, why, params: (params[0] ?? {}) as Record<string, unknown> };
}

/** The reason a stored skipped part renders from. */
export function reasonOfSkipped(part: Pick<SkippedPart, "why" | "params">): Reason {
  return { code: SKIP_REASONS[part.why], params: part.params } as Reason;
}
