import type { FC } from "hono/jsx";
import type { InboundMessageDetail } from "../../inbound/inbound-messages.ts";
import { inboxItemReason, isRescanning, type InboxItemDetail } from "../../inbox/inbox.ts";
import { derivedId } from "../../ids.ts";
import { reasonOfSkipped } from "../../inbound/skipped-parts.ts";
import { readReason, renderReason } from "../../reasons/catalogue.ts";
import type { MessageKey } from "../i18n/index.ts";
import type { View } from "../view.ts";
import { ActionForm } from "./form.tsx";

type FileRow = InboundMessageDetail["files"][number];

export const subjectOf = (v: View, message: { subject: string | null }) => message.subject || v.t("mail.noSubject");
export const senderOf = (message: { headerFrom: string | null; envelopeFrom: string }) => message.headerFrom ?? message.envelopeFrom;

const OUTCOMES: Record<InboundMessageDetail["outcome"], MessageKey> = {
  processing: "outcome.processing",
  imported: "outcome.imported",
  partially_imported: "outcome.partially_imported",
  flagged: "outcome.flagged",
  ignored: "outcome.ignored",
  duplicate: "outcome.duplicate",
};
export const OutcomeTag: FC<{ v: View; outcome: InboundMessageDetail["outcome"] }> = ({ v, outcome }) => <span class={`tag tag--outcome-${outcome}`}>{v.t(OUTCOMES[outcome])}</span>;

/** The name a person knows a purchase invoice of this mail by: its main file's. */
export function invoiceName(message: InboundMessageDetail, purchaseInvoiceId: string): string {
  return message.files.find((f) => derivedId("purchaseInvoice", f.id) === purchaseInvoiceId)?.name ?? purchaseInvoiceId;
}

/**
 * Parts of a mail that did not become files, with why, in the reader's language.
 * The mail's own text is left out: every mail has one, and saying so is noise here
 * (the API lists it, for integrators who account for every part).
 */
export function skippedPartsOf(v: View, message: InboundMessageDetail): { name: string; reason: string }[] {
  return (message.skippedParts ?? [])
    .filter((part) => part.why !== "body")
    .map((part) => ({ name: part.name ?? part.path, reason: renderReason(reasonOfSkipped(part), v.lang) ?? part.why }));
}

/** What became of a file, in words, with a link to the purchase invoice it is (part of). */
export const FileFate: FC<{ v: View; message: InboundMessageDetail; file: FileRow; item: InboxItemDetail | undefined }> = ({ v, message, file, item }) => {
  const { t } = v;
  const invoice = file.purchaseInvoiceId;
  if (file.verdict === null) return <span class="fate fate--checking">{t("fate.checking")}</span>;
  if (invoice && derivedId("purchaseInvoice", file.id) === invoice) {
    return (
      <span class="fate fate--imported">
        {t("fate.imported")} <a href={`/purchase-invoices/${invoice}`}>{t("fate.openInvoice")}</a>
      </span>
    );
  }
  if (invoice) {
    return (
      <span class="fate fate--appendix">
        {t("fate.appendixOf")} <a href={`/purchase-invoices/${invoice}`}>{invoiceName(message, invoice)}</a>
      </span>
    );
  }
  if (item) {
    const flagged = item.item.kind === "malicious" || item.item.kind === "invalid" || item.item.kind === "unsupported" || item.item.kind === "scan_failed";
    return (
      <span class={`fate fate--${flagged ? "flagged" : "info"}`}>
        {flagged ? <strong>{t("fate.flaggedAs", { kind: t(`fate.${item.item.kind}` as MessageKey) })} </strong> : null}
        {inboxItemReason(item.item, v.lang)}
        {isRescanning(item) ? <em> {t("fate.rescanning")}</em> : null}
      </span>
    );
  }
  if (file.verdict === "document") return <span class="fate fate--duplicate">{t("fate.duplicate")}</span>;
  if (file.verdict === "ignored") {
    return (
      <span class="fate fate--ignored">
        {t("fate.ignored")} {readReason(file.reasonCode, file.reasonParams, file.reason, v.lang)}
      </span>
    );
  }
  return <span class="fate">{readReason(file.reasonCode, file.reasonParams, file.reason, v.lang) ?? t("fate.checking")}</span>;
};

/** Resolve, and rescan for a file that could not be scanned: the actions an open item offers. */
export const ItemActions: FC<{ v: View; item: InboxItemDetail; back: string }> = ({ v, item, back }) => {
  if (item.item.resolvedAt !== null) return <span class="muted">{v.t("inbox.resolvedOn", { date: v.date(item.item.resolvedAt) })}</span>;
  return (
    <span class="button-group button-group--tight">
      {item.item.kind === "scan_failed" && !isRescanning(item) ? <ActionForm v={v} action={`/inbox/items/${item.item.id}/rescan`} label={v.t("inbox.rescan")} hidden={{ back }} variant="primary" /> : null}
      <ActionForm v={v} action={`/inbox/items/${item.item.id}/resolve`} label={v.t("inbox.resolve")} hidden={{ back }} />
    </span>
  );
};
