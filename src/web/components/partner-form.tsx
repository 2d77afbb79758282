import { z } from "zod";
import type { Account } from "../../accounts/accounts.ts";
import { MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS, MAX_PEPPOL_ID_CHARS } from "../../api/limits.ts";
import { AppError, type FieldIssue } from "../../errors.ts";
import { languages, type Language } from "../../i18n/languages.ts";
import type { PartnerFields } from "../../partners/partners.ts";
import type { PartnerRow } from "../../db/schema/index.ts";
import { ACCOUNT_COUNTRIES, countryOptions } from "../countries.ts";
import type { MessageKey } from "../i18n/index.ts";
import { optionalEmail, optionalText, text } from "../validation.ts";
import type { View } from "../view.ts";
import { Checkboxes, errorFor, SelectField, TextField, type FieldError } from "./form.tsx";

/** What the partner form says as the person typed it (a refused form comes back with it). */
export type PartnerFormValues = Partial<Record<"name" | "vatNumber" | "companyNumber" | "email" | "language" | "street" | "postalCode" | "city" | "country" | "peppolId", string>> & {
  roles?: string[];
};

const roles = ["customer", "supplier"] as const;

/**
 * The partner form, for a new customer, the Profile tab and each row of a
 * CSV import: the same checks everywhere. Identifiers (VAT with its check
 * digits, company number, Peppol id) are checked by the domain (src/partners).
 */
export const PartnerForm = z.object({
  name: text(MAX_NAME_CHARS, "partner.name.required"),
  vatNumber: optionalText(MAX_IDENTIFIER_CHARS),
  companyNumber: optionalText(MAX_IDENTIFIER_CHARS),
  email: optionalEmail,
  language: z.enum(languages, "partner.language.invalid"),
  street: optionalText(MAX_NAME_CHARS),
  postalCode: optionalText(MAX_IDENTIFIER_CHARS),
  city: optionalText(MAX_NAME_CHARS),
  country: z.enum(ACCOUNT_COUNTRIES, "partner.country.invalid"),
  peppolId: optionalText(MAX_PEPPOL_ID_CHARS),
  roles: z.array(z.enum(roles, "partner.roles.required")).min(1, "partner.roles.required"),
});
export type PartnerFormData = z.output<typeof PartnerForm>;

/** The form's values as the domain's fields; an address without street, postal code or city is no address. */
export function partnerFields(data: PartnerFormData): PartnerFields & { name: string } {
  const { street, postalCode, city, country, ...rest } = data;
  return { ...rest, address: street || postalCode || city ? { street, postalCode, city, country } : null };
}

/** A partner's profile as the form's values. */
export function partnerValues(partner: PartnerRow): PartnerFormValues {
  return {
    name: partner.name,
    vatNumber: partner.vatNumber ?? "",
    companyNumber: partner.companyNumber ?? "",
    email: partner.email ?? "",
    language: partner.language,
    street: partner.address?.street ?? "",
    postalCode: partner.address?.postalCode ?? "",
    city: partner.address?.city ?? "",
    country: partner.address?.country ?? "",
    peppolId: partner.peppolId ?? "",
    roles: partner.roles,
  };
}

/** A posted form's fields; `roles` is a list (checkboxes), absent on the new-customer form, which makes customers. */
export function partnerBody(body: Record<string, string | File | (string | File)[]>, fixedRoles?: string[]): Record<string, unknown> {
  const listed = body.roles === undefined ? [] : ([] as unknown[]).concat(body.roles);
  return { ...body, roles: fixedRoles ?? listed };
}

const DOMAIN_MESSAGES: Record<string, MessageKey> = {
  vatNumber: "partner.vatNumber.invalid",
  companyNumber: "partner.companyNumber.invalid",
  peppolId: "partner.peppolId.invalid",
  email: "partner.email.keepsChannel",
};

/** The domain's refusal as the form's errors: an invalid number, a VAT number another partner has. */
export function partnerDomainErrors(error: unknown, t: View["t"]): FieldError[] | null {
  if (!(error instanceof AppError) || (error.code !== "VALIDATION_FAILED" && error.code !== "CONFLICT")) return null;
  const issues = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  const errors = issues
    .filter((i) => Object.hasOwn(DOMAIN_MESSAGES, i.path))
    .map((i) => ({ field: i.path, message: t(error.code === "CONFLICT" && i.path === "vatNumber" ? "partner.vatNumber.taken" : DOMAIN_MESSAGES[i.path]!) }));
  return errors.length > 0 ? errors : null;
}

export function languageOptions(reader: Language) {
  const names = new Intl.DisplayNames([reader], { type: "language" });
  return languages.map((code) => ({ value: code, label: names.of(code) ?? code }));
}

/** The fields of a partner's profile, in the order of the help article: name, numbers, email, language, address. */
export function PartnerFields({ v, values, errors, account, withRoles }: { v: View; values: PartnerFormValues; errors: FieldError[]; account: Account; withRoles: boolean }) {
  const { t } = v;
  return (
    <>
      <TextField id="name" label={t("partner.field.name")} value={values.name} error={errorFor(errors, "name")} autocomplete="organization" maxlength={MAX_NAME_CHARS} required />
      {withRoles ? (
        <Checkboxes
          name="roles"
          legend={t("partner.field.roles")}
          values={values.roles ?? []}
          error={errorFor(errors, "roles")}
          options={roles.map((role) => ({ value: role, label: t(`partner.role.${role}`) }))}
        />
      ) : null}
      <TextField id="vatNumber" label={t("field.vatNumber")} hint={t("partner.vatNumber.hint")} value={values.vatNumber} error={errorFor(errors, "vatNumber")} width="medium" spellcheck={false} maxlength={MAX_IDENTIFIER_CHARS} />
      <TextField id="companyNumber" label={t("field.companyNumber")} hint={t("partner.companyNumber.hint")} value={values.companyNumber} error={errorFor(errors, "companyNumber")} width="medium" spellcheck={false} maxlength={MAX_IDENTIFIER_CHARS} />
      <TextField id="email" label={t("field.email")} hint={t("partner.email.hint")} type="email" value={values.email} error={errorFor(errors, "email")} autocomplete="off" spellcheck={false} />
      <SelectField id="language" label={t("partner.field.language")} hint={t("partner.language.hint")} value={values.language ?? account.language} error={errorFor(errors, "language")} width="medium" options={languageOptions(v.lang)} />
      <fieldset class="form-section">
        <legend>{t("partner.address")}</legend>
        <TextField id="street" label={t("partner.field.street")} value={values.street} error={errorFor(errors, "street")} autocomplete="off" />
        <TextField id="postalCode" label={t("partner.field.postalCode")} value={values.postalCode} error={errorFor(errors, "postalCode")} width="short" autocomplete="off" />
        <TextField id="city" label={t("partner.field.city")} value={values.city} error={errorFor(errors, "city")} width="medium" autocomplete="off" />
        <SelectField id="country" label={t("field.country")} hint={t("partner.country.hint")} value={values.country || account.country} error={errorFor(errors, "country")} width="medium" options={countryOptions(v.lang)} />
      </fieldset>
      <TextField id="peppolId" label={t("partner.field.peppolId")} hint={t("partner.peppolId.hint")} value={values.peppolId} error={errorFor(errors, "peppolId")} width="medium" spellcheck={false} maxlength={MAX_PEPPOL_ID_CHARS} />
    </>
  );
}
