import { z } from "zod";
import { documentFormats, type DocumentFormat } from "../../db/schema/index.ts";
import type { InvoiceData } from "../../einvoice/types.ts";
import { countPurchaseInvoices, getPurchaseInvoice, listPurchaseInvoices, purchaseInvoiceFile, type PurchaseInvoiceDetail } from "../../purchase-invoices/purchase-invoices.ts";
import { renderReason } from "../../reasons/catalogue.ts";
import { downloadHeaders } from "../../api/download.ts";
import { ErrorSummary, errorFor, SelectField, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { Pagination } from "../components/pagination.tsx";
import { authVerdict, formatName } from "../formats.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../api/limits.ts";
import { PAGE_SIZE } from "../limits.ts";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";
import { checkForm } from "../validation.ts";
import type { View } from "../view.ts";

const day = z.preprocess((v) => (typeof v === "string" && v !== "" ? v : undefined), z.iso.date("purchaseInvoices.filter.dateInvalid").optional());
const Filters = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : undefined), z.string().max(MAX_SEARCH_QUERY_CHARS, "form.tooLong").optional()),
  format: z.preprocess((v) => (v === "" ? undefined : v), z.enum(documentFormats, "purchaseInvoices.filter.formatInvalid").optional()),
  from: day,
  to: day,
  warnings: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["with", "without"], "purchaseInvoices.filter.warningsInvalid").optional()),
  cursor: z.string().max(64).optional(),
});
type FilterValues = Partial<Record<"q" | "format" | "from" | "to" | "warnings", string>>;

/** The day after an ISO date, for "received up to and including". */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();

function invoiceData(detail: PurchaseInvoiceDetail): InvoiceData | null {
  return detail.invoice.invoice ? (JSON.parse(detail.invoice.invoice) as InvoiceData) : null;
}
const warningsOf = (detail: PurchaseInvoiceDetail) => JSON.parse(detail.invoice.warnings) as string[];
const senderOf = (detail: PurchaseInvoiceDetail) => detail.message.headerFrom ?? detail.message.envelopeFrom;

function FilterForm({ v, values, errors }: { v: View; values: FilterValues; errors: FieldError[] }) {
  const { t } = v;
  return (
    <form method="get" action="/purchase-invoices" class="filters" role="search" aria-label={t("purchaseInvoices.filter.label")}>
      <TextField id="q" label={t("purchaseInvoices.filter.search")} hint={t("purchaseInvoices.filter.searchHint")} type="search" value={values.q} error={errorFor(errors, "q")} maxlength={MAX_SEARCH_QUERY_CHARS} />
      <SelectField
        id="format"
        label={t("purchaseInvoices.filter.format")}
        value={values.format ?? ""}
        width="short"
        error={errorFor(errors, "format")}
        options={[{ value: "", label: t("purchaseInvoices.filter.anyFormat") }, ...documentFormats.map((f) => ({ value: f, label: formatName(v, f) }))]}
      />
      <TextField id="from" label={t("purchaseInvoices.filter.from")} type="date" width="short" value={values.from} error={errorFor(errors, "from")} />
      <TextField id="to" label={t("purchaseInvoices.filter.to")} type="date" width="short" value={values.to} error={errorFor(errors, "to")} />
      <SelectField
        id="warnings"
        label={t("purchaseInvoices.filter.warnings")}
        value={values.warnings ?? ""}
        width="short"
        error={errorFor(errors, "warnings")}
        options={[
          { value: "", label: t("purchaseInvoices.filter.warningsAny") },
          { value: "with", label: t("purchaseInvoices.filter.warningsWith") },
          { value: "without", label: t("purchaseInvoices.filter.warningsWithout") },
        ]}
      />
      <div class="filters__actions">
        <button type="submit" class="button button--secondary">
          {t("purchaseInvoices.filter.apply")}
        </button>
        <a href="/purchase-invoices">{t("purchaseInvoices.filter.clear")}</a>
      </div>
    </form>
  );
}

function InvoiceRow({ v, detail }: { v: View; detail: PurchaseInvoiceDetail }) {
  const data = invoiceData(detail);
  const warnings = warningsOf(detail);
  return (
    <tr>
      <td>{v.date(detail.invoice.receivedAt)}</td>
      <td>
        <a href={`/purchase-invoices/${detail.invoice.id}`}>{data?.number ? data.number : detail.file.name}</a>
        {data?.number ? <div class="muted">{detail.file.name}</div> : null}
      </td>
      <td class="wrap">{data?.seller.name ?? senderOf(detail)}</td>
      <td class="num">{data?.totalAmount ? v.amount(data.totalAmount, data.currency) : "–"}</td>
      <td>{formatName(v, detail.invoice.format as DocumentFormat)}</td>
      <td>{warnings.length > 0 ? <span class="tag tag--warning">{v.tp(warnings.length, "purchaseInvoices.warningCount")}</span> : null}</td>
    </tr>
  );
}

export function registerPurchaseInvoices(app: WebApp) {
  app.get("/purchase-invoices", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const accountId = signedIn(c).account.id;
    const query = c.req.query();
    const values: FilterValues = { q: query.q, format: query.format, from: query.from, to: query.to, warnings: query.warnings };
    const form = checkForm(Filters, query, t);
    const filter = form.ok
      ? {
          q: form.data.q,
          format: form.data.format,
          receivedAfter: form.data.from && `${form.data.from}T00:00:00.000Z`,
          receivedBefore: form.data.to && nextDay(form.data.to),
          warnings: form.data.warnings === undefined ? undefined : form.data.warnings === "with",
        }
      : {};
    const cursor = form.ok ? form.data.cursor : undefined;
    const ctx = c.get("ctx");
    const [page, total] = await Promise.all([listPurchaseInvoices(ctx, accountId, { ...filter, limit: PAGE_SIZE, cursor }), countPurchaseInvoices(ctx, accountId, filter)]);
    const filtered = Object.values(filter).some((value) => value !== undefined);
    const errors = form.ok ? [] : form.errors;
    return render(
      c,
      <Layout v={v} title={t("purchaseInvoices.title")} hasErrors={errors.length > 0}>
        <ErrorSummary v={v} errors={errors} />
        <FilterForm v={v} values={values} errors={errors} />
        <p class="count" role="status">
          {filtered ? v.tp(total, "purchaseInvoices.countFiltered") : v.tp(total, "purchaseInvoices.count")}
        </p>
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{filtered ? t("purchaseInvoices.emptyFiltered") : t("purchaseInvoices.empty")}</p>
            {filtered ? null : (
              <p>
                <a href="/connectors/email">{t("purchaseInvoices.emptyAction")}</a>
              </p>
            )}
          </div>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t("purchaseInvoices.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("purchaseInvoices.col.received")}</th>
                  <th scope="col">{t("purchaseInvoices.col.invoice")}</th>
                  <th scope="col">{t("purchaseInvoices.col.seller")}</th>
                  <th scope="col" class="num">
                    {t("purchaseInvoices.col.total")}
                  </th>
                  <th scope="col">{t("purchaseInvoices.col.format")}</th>
                  <th scope="col">{t("purchaseInvoices.col.warnings")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((detail) => (
                  <InvoiceRow v={v} detail={detail} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination v={v} path="/purchase-invoices" query={new URLSearchParams(query)} nextCursor={page.nextCursor} isFirst={!cursor} />
      </Layout>,
    );
  });

  app.get("/purchase-invoices/:id", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const detail = await getPurchaseInvoice(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
    const data = invoiceData(detail);
    const warnings = warningsOf(detail);
    const { message } = detail;
    const title = data?.number ? t(data.documentType === "credit_note" ? "purchaseInvoice.titleCreditNote" : "purchaseInvoice.title", { number: data.number }) : detail.file.name;
    const fact = (label: string, value: string | null | undefined) => (
      <div class="summary__row">
        <dt>{label}</dt>
        <dd>{value || "–"}</dd>
      </div>
    );
    const party = (p: InvoiceData["seller"]) => [p.name, p.vatNumber].filter(Boolean).join(" · ");
    return render(
      c,
      <Layout v={v} title={title} actions={<a class="button button--primary" href={`/purchase-invoices/${detail.invoice.id}/file`} download="">{t("purchaseInvoice.download")}</a>}>
        <p>
          <a href="/purchase-invoices">{t("purchaseInvoice.back")}</a>
        </p>
        {warnings.length > 0 ? (
          <section class="warning-panel" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{t("purchaseInvoice.warnings")}</h2>
            <ul>
              {warnings.map((code) => (
                <li>{renderReason({ code, params: {} }, v.lang) ?? code}</li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby="facts-title">
          <h2 id="facts-title">{t("purchaseInvoice.facts")}</h2>
          {data ? (
            <dl class="summary">
              {fact(t("purchaseInvoice.documentType"), data.documentType === "credit_note" ? t("purchaseInvoice.creditNote") : t("purchaseInvoice.invoice"))}
              {fact(t("purchaseInvoice.number"), data.number)}
              {fact(t("purchaseInvoice.issueDate"), data.issueDate && v.date(data.issueDate))}
              {fact(t("purchaseInvoice.dueDate"), data.dueDate && v.date(data.dueDate))}
              {fact(t("purchaseInvoice.seller"), party(data.seller))}
              {fact(t("purchaseInvoice.buyer"), party(data.buyer))}
              {fact(t("purchaseInvoice.taxExclusive"), data.taxExclusiveAmount && v.amount(data.taxExclusiveAmount, data.currency))}
              {fact(t("purchaseInvoice.total"), data.totalAmount && v.amount(data.totalAmount, data.currency))}
            </dl>
          ) : (
            <p>{t("purchaseInvoice.noData")}</p>
          )}
        </section>
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t("purchaseInvoice.files")}</h2>
          <p class="hint">{t("purchaseInvoice.noPreview")}</p>
          <ul class="files">
            <li>
              <a href={`/purchase-invoices/${detail.invoice.id}/file`} download="">
                {detail.file.name}
              </a>{" "}
              <span class="muted">
                {formatName(v, detail.invoice.format as DocumentFormat)} · {v.bytes(detail.file.size)}
              </span>
            </li>
          </ul>
          <h3>{t("purchaseInvoice.appendices")}</h3>
          {detail.appendices.length === 0 ? (
            <p>{t("purchaseInvoice.noAppendices")}</p>
          ) : (
            <ul class="files">
              {detail.appendices.map((a) => (
                <li>
                  <a href={`/purchase-invoices/${detail.invoice.id}/appendices/${a.id}/file`} download="">
                    {a.name}
                  </a>{" "}
                  <span class="muted">{v.bytes(a.size)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="source-title">
          <h2 id="source-title">{t("purchaseInvoice.source")}</h2>
          <dl class="summary">
            {fact(t("mail.from"), senderOf(detail))}
            {fact(t("mail.subject"), message.subject)}
            {fact(t("mail.received"), v.dateTime(message.receivedAt))}
            {fact(t("mail.to"), message.address)}
            {fact("SPF", authVerdict(v, message.spf))}
            {fact("DKIM", authVerdict(v, message.dkim))}
            {fact("DMARC", authVerdict(v, message.dmarc))}
          </dl>
          <p>
            <a href={`/inbox/mails/${message.id}`}>{t("purchaseInvoice.openMail")}</a>
          </p>
        </section>
      </Layout>,
    );
  });

  // Downloads only, never shown in the browser: the file came by mail (downloadHeaders).
  app.get("/purchase-invoices/:id/file", async (c) => {
    const { file, object } = await purchaseInvoiceFile(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
    return c.body(object.body, 200, downloadHeaders(file));
  });
  app.get("/purchase-invoices/:id/appendices/:appendixId/file", async (c) => {
    const { file, object } = await purchaseInvoiceFile(c.get("ctx"), signedIn(c).account.id, c.req.param("id"), c.req.param("appendixId"));
    return c.body(object.body, 200, downloadHeaders(file));
  });
}
