import type { DeliveryStatus } from "../../db/schema/index.ts";
import type { Delivery, DeliveryRow } from "../../outbound/deliveries.ts";
import type { SalesInvoiceRow } from "../../sales-invoices/sales-invoices.ts";
import { readReason } from "../../reasons/catalogue.ts";
import type { View } from "../view.ts";

/** The colour of a status: arrived, on its way, or needs someone. */
const TONE: Record<DeliveryStatus, string> = {
  queued: "",
  sending: "",
  handed_over: "tag--active",
  sent: "tag--active",
  failed: "tag--inactive",
  bounced: "tag--inactive",
  blocked: "tag--warning",
};

export const channelName = (v: View, channel: DeliveryRow["channel"]) => v.t(channel === "email" ? "channels.email" : "channels.peppol");

export function StatusTag({ v, status }: { v: View; status: DeliveryStatus }) {
  return <span class={`tag ${TONE[status]}`}>{v.t(`delivery.status.${status}`)}</span>;
}

/** Why a delivery is blocked, failed or bounced, in the reader's language (the catalogue's sentence). */
export const deliveryReason = (v: View, delivery: DeliveryRow) => readReason(delivery.reason, delivery.reasonParams, delivery.lastError, v.lang);

/** Each delivery of an invoice as "Email: sent". */
export function DeliveryTags({ v, deliveries }: { v: View; deliveries: DeliveryRow[] }) {
  if (deliveries.length === 0) return <span class="muted">{v.t("salesInvoices.notSent")}</span>;
  return (
    <ul class="plain-list">
      {deliveries.map((d) => (
        <li>
          {channelName(v, d.channel)}: <StatusTag v={v} status={d.status} />
        </li>
      ))}
    </ul>
  );
}

/** A delivery's events, oldest first, each with its moment and what happened (a bounce with the server's words). */
export function Timeline({ v, delivery }: { v: View; delivery: Delivery }) {
  return (
    <ol class="timeline" aria-label={v.t("delivery.timeline")}>
      {delivery.events.map((event) => (
        <li class={`timeline__event timeline__event--${event.type}`}>
          <span class="timeline__type">{v.t(`delivery.event.${event.type}`)}</span> <time datetime={event.at}>{v.dateTime(event.at)}</time>
          <div class="timeline__message">{readReason(event.messageCode, event.messageParams, event.message, v.lang)}</div>
        </li>
      ))}
    </ol>
  );
}

/** Sales invoices with how each delivery stands; the customer's column when they are of several customers. */
export function SalesInvoiceTable({ v, caption, invoices, deliveries, customerName }: { v: View; caption: string; invoices: SalesInvoiceRow[]; deliveries: DeliveryRow[]; customerName?: (id: string) => string | undefined }) {
  const { t } = v;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("salesInvoices.col.number")}</th>
            {customerName ? <th scope="col">{t("salesInvoices.col.customer")}</th> : null}
            <th scope="col">{t("salesInvoices.col.issueDate")}</th>
            <th scope="col" class="num">
              {t("salesInvoices.col.total")}
            </th>
            <th scope="col">{t("salesInvoices.col.deliveries")}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr>
              <td>
                <a href={`/sales-invoices/${invoice.id}`}>{invoice.number}</a>
              </td>
              {customerName ? <td class="wrap">{customerName(invoice.customerId)}</td> : null}
              <td>{v.date(invoice.issueDate)}</td>
              <td class="num">{v.amount(invoice.totalAmount, invoice.currency)}</td>
              <td>
                <DeliveryTags v={v} deliveries={deliveries.filter((d) => d.salesInvoiceId === invoice.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
