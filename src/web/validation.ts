import { z } from "zod";
import { AppError, type FieldIssue } from "../errors.ts";
import { isEmailAddress } from "../identifiers/email-address.ts";

export { isEmailAddress };
import type { PasswordProblem } from "../users/passwords.ts";
import type { FieldError } from "./components/form.tsx";
import type { MessageKey, Translate } from "./i18n/index.ts";

/**
 * Forms are checked with zod schemas whose messages are keys of the
 * catalogue, so that every error reads in the page's language; a field's
 * error links to the input whose id is its path.
 */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function checkForm<S extends z.ZodType>(schema: S, body: Record<string, unknown>, t: Translate): FormResult<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.join("-") || "form";
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: t(issue.message as MessageKey) });
  }
  return { ok: false, errors };
}

/** A form field as text: absent and repeated fields read as empty. */
export const text = (max: number, required?: MessageKey) => {
  const base = z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, "form.tooLong"));
  return required ? base.refine((v) => v.length > 0, required) : base;
};

export const email = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : ""),
  z.string().min(1, "form.email.required").refine(isEmailAddress, "form.email.invalid"),
);

/** An email address that may be left empty (null). */
export const optionalEmail = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : ""),
  z
    .string()
    .refine((v) => v === "" || isEmailAddress(v), "form.email.invalid")
    .transform((v) => v || null),
);

/** A text field that may be left empty (null). */
export const optionalText = (max: number) => text(max).transform((v) => v || null);

export const password = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().min(1, "form.password.required"));

export const PASSWORD_PROBLEMS: Record<PasswordProblem, MessageKey> = {
  too_short: "form.password.tooShort",
  too_long: "form.password.tooLong",
  common: "form.password.common",
  same_as_email: "form.password.sameAsEmail",
};

/**
 * A domain refusal as the fields of the form: each issue's path picks the
 * message for its field (the domain's sentences are English, for the API),
 * or null when the error is not about fields this form knows.
 */
export function domainErrors(error: unknown, messages: Record<string, MessageKey>, t: Translate): FieldError[] | null {
  if (!(error instanceof AppError) || (error.code !== "VALIDATION_FAILED" && error.code !== "CONFLICT")) return null;
  const issues = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  const errors = issues.filter((i) => Object.hasOwn(messages, i.path)).map((i) => ({ field: i.path, message: t(messages[i.path]!) }));
  return errors.length > 0 ? errors : null;
}

/**
 * A list of addresses as a person types it (one a line, or separated by
 * commas or semicolons), lower-cased, and the first problem with it: an
 * address that is not one, or more than `max`.
 */
export function readRecipients(raw: string, max: number, t: Translate): { recipients: string[]; problem: string | null } {
  const recipients = raw
    .split(/[\s,;]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const bad = recipients.find((r) => !isEmailAddress(r));
  const problem = bad ? t("channels.recipients.invalid", { address: bad }) : recipients.length > max ? t("channels.recipients.tooMany", { max }) : null;
  return { recipients, problem };
}
