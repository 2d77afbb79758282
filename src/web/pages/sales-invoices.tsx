import type { Context } from "hono";
import { z } from "zod";
import { downloadHeaders } from "../../api/download.ts";
import { MAX_INVOICE_NUMBER_CHARS } from "../../api/limits.ts";
import { emailConnectorActive } from "../../connectors/email-connector.ts";
import { AppError, type FieldIssue } from "../../errors.ts";
import { deliveriesOfInvoices, findDelivery, listDeliveries } from "../../outbound/deliveries.ts";
import { MAX_RECIPIENTS_PER_MESSAGE } from "../../outbound/limits.ts";
import { retryDelivery, sendSalesInvoice } from "../../outbound/send-sales-invoice.ts";
import { getPartner, listPartners, partnersByIds } from "../../partners/partners.ts";
import { renderReason } from "../../reasons/catalogue.ts";
import { MAX_SALES_INVOICE_FILE_BYTES } from "../../sales-invoices/limits.ts";
import { createSalesInvoice, getSalesInvoice, listSalesInvoices, salesInvoiceFile, type UploadedFile } from "../../sales-invoices/sales-invoices.ts";
import { channelName, deliveryReason, SalesInvoiceTable, StatusTag, Timeline } from "../components/deliveries.tsx";
import { ActionForm, Button, Checkboxes, Csrf, ErrorSummary, errorFor, SelectField, TextArea, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { Pagination } from "../components/pagination.tsx";
import { conflictPage } from "../errors.tsx";
import { CUSTOMER_CHOICES, PAGE_SIZE } from "../limits.ts";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp, WebEnv } from "../types.ts";
import { checkForm, readRecipients, text } from "../validation.ts";
import type { View } from "../view.ts";

const currencies = new Set(Intl.supportedValuesOf("currency"));
const day = (message: "salesInvoice.issueDate.invalid" | "salesInvoice.dueDate.invalid") => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.iso.date(message));

/** The upload form: the same facts as the API's metadata, with messages of the catalogue. */
const UploadForm = z
  .object({
    customer: text(64, "salesInvoice.customer.required"),
    number: text(MAX_INVOICE_NUMBER_CHARS, "salesInvoice.number.required"),
    issueDate: day("salesInvoice.issueDate.invalid"),
    dueDate: z.preprocess((v) => (v === "" ? undefined : v), day("salesInvoice.dueDate.invalid").optional()),
    currency: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : ""), z.string().refine((c) => currencies.has(c), "salesInvoice.currency.invalid")),
    totalAmount: z.preprocess((v) => (typeof v === "string" ? v.trim().replace(",", ".") : ""), z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, "salesInvoice.totalAmount.invalid")),
  })
  .refine((f) => !f.dueDate || f.dueDate >= f.issueDate, { path: ["dueDate"], message: "salesInvoice.dueDate.beforeIssue" });

type UploadValues = Partial<Record<"customer" | "number" | "issueDate" | "dueDate" | "currency" | "totalAmount", string>>;

/** A file input left empty arrives as a file without name or bytes. */
async function uploaded(value: unknown): Promise<UploadedFile | undefined> {
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) return undefined;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/**
 * A refused upload as the form's errors. A file the scan rules refuse comes
 * with a reason of the catalogue (rendered in the page's language); the
 * other refusals name their field.
 */
function uploadErrors(error: unknown, v: View): FieldError[] | null {
  if (error instanceof AppError && error.code === "SCANNER_UNAVAILABLE") {
    const [issue] = (error.details as FieldIssue[] | undefined) ?? [];
    return [{ field: issue?.path === "einvoice" ? "einvoice" : "file", message: v.t("salesInvoice.file.unscanned") }];
  }
  if (!(error instanceof AppError) || (error.code !== "VALIDATION_FAILED" && error.code !== "CONFLICT")) return null;
  const issues = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const reason = issue.reasonCode ? renderReason({ code: issue.reasonCode, params: issue.reasonParams }, v.lang) : null;
    if (issue.path === "metadata.number") errors.push({ field: "number", message: v.t("salesInvoice.number.taken") });
    else if (issue.path === "metadata.customerId") errors.push({ field: "customer", message: v.t("salesInvoice.customer.required") });
    else if (issue.path === "file") errors.push({ field: "file", message: reason ?? v.t("salesInvoice.file.refused", { problem: issue.message }) });
    else if (issue.path === "einvoice") errors.push({ field: "einvoice", message: reason ?? v.t("salesInvoice.einvoice.refused", { problem: issue.message }) });
  }
  return errors.length > 0 ? errors : null;
}

const FileInput = ({ id, label, hint, accept, error }: { id: string; label: string; hint: string; accept: string; error?: string | undefined }) => (
  <div class={error ? "field field--error" : "field"}>
    <label for={id}>{label}</label>
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
    {error ? (
      <p class="field-error" id={`${id}-error`}>
        {error}
      </p>
    ) : null}
    <input type="file" id={id} name={id} accept={accept} class="input input--full" aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? "true" : undefined} />
  </div>
);

async function uploadPage(c: Context<WebEnv>, values: UploadValues, errors: FieldError[]) {
  const v = c.get("view");
  const { t } = v;
  const accountId = signedIn(c).account.id;
  const customers = await listPartners(c.get("ctx"), accountId, { role: "customer", limit: CUSTOMER_CHOICES });
  // A customer just made (through the form and the pop-up) is offered even when the list is long.
  const chosen = values.customer && !customers.items.some((p) => p.id === values.customer) ? await getPartner(c.get("ctx"), accountId, values.customer).catch(() => null) : null;
  const options = [...(chosen ? [chosen] : []), ...customers.items].map((p) => ({ value: p.id, label: p.vatNumber ? `${p.name} (${p.vatNumber})` : p.name }));
  const maxMb = MAX_SALES_INVOICE_FILE_BYTES / 1024 / 1024;
  return render(
    c,
    <Layout v={v} title={t("salesInvoice.new.title")} hasErrors={errors.length > 0} lead={t("salesInvoice.new.lead")}>
      <ErrorSummary v={v} errors={errors} />
      <form method="post" action="/sales-invoices/new" enctype="multipart/form-data" class="upload">
        <Csrf v={v} />
        <fieldset class="form-section">
          <legend>{t("salesInvoice.customer")}</legend>
          {options.length > 0 ? (
            <SelectField
              id="customer"
              label={t("salesInvoice.customer.pick")}
              hint={customers.nextCursor ? t("salesInvoice.customer.manyHint") : undefined}
              value={values.customer}
              error={errorFor(errors, "customer")}
              options={[{ value: "", label: t("salesInvoice.customer.choose") }, ...options]}
            />
          ) : (
            <p id="customer">{t("salesInvoice.customer.none")}</p>
          )}
          <p>
            <a href="/partners/new?next=upload" class="button button--secondary">
              {t("salesInvoice.customer.new")}
            </a>
          </p>
        </fieldset>
        <fieldset class="form-section">
          <legend>{t("salesInvoice.facts")}</legend>
          <TextField id="number" label={t("salesInvoice.number")} value={values.number} error={errorFor(errors, "number")} width="medium" maxlength={MAX_INVOICE_NUMBER_CHARS} spellcheck={false} />
          <TextField id="issueDate" label={t("salesInvoice.issueDate")} type="date" value={values.issueDate} error={errorFor(errors, "issueDate")} width="short" />
          <TextField id="dueDate" label={t("salesInvoice.dueDate")} type="date" value={values.dueDate} error={errorFor(errors, "dueDate")} width="short" />
          <TextField id="currency" label={t("salesInvoice.currency")} hint={t("salesInvoice.currency.hint")} value={values.currency ?? "EUR"} error={errorFor(errors, "currency")} width="short" maxlength={3} spellcheck={false} />
          <TextField id="totalAmount" label={t("salesInvoice.totalAmount")} hint={t("salesInvoice.totalAmount.hint")} value={values.totalAmount} error={errorFor(errors, "totalAmount")} width="short" inputmode="text" spellcheck={false} />
        </fieldset>
        <fieldset class="form-section dropzone" data-dropzone="">
          <legend>{t("salesInvoice.files")}</legend>
          <p class="hint">{t("salesInvoice.files.hint", { max: maxMb })}</p>
          <p class="dropzone__text" hidden data-dropzone-text="">
            {t("salesInvoice.files.drop")}
          </p>
          <FileInput id="file" label={t("salesInvoice.pdf")} hint={t("salesInvoice.pdf.hint")} accept=".pdf,application/pdf" error={errorFor(errors, "file")} />
          <FileInput id="einvoice" label={t("salesInvoice.einvoice")} hint={t("salesInvoice.einvoice.hint")} accept=".xml,application/xml,text/xml" error={errorFor(errors, "einvoice")} />
        </fieldset>
        <Button>{t("salesInvoice.new.submit")}</Button>
      </form>
    </Layout>,
    errors.length > 0 ? 422 : 200,
  );
}

const RetryForm = z.object({ recipients: text(MAX_RECIPIENTS_PER_MESSAGE * 256), save: z.string().optional() });

async function invoicePage(c: Context<WebEnv>, retry?: { deliveryId: string; values: string; errors: FieldError[] }) {
  const v = c.get("view");
  const { t } = v;
  const { account } = signedIn(c);
  const ctx = c.get("ctx");
  const invoice = await getSalesInvoice(ctx, account.id, c.req.param("id")!);
  const [customer, deliveries, connectorOn] = await Promise.all([
    getPartner(ctx, account.id, invoice.customerId),
    listDeliveries(ctx, account.id, { salesInvoiceId: invoice.id, limit: PAGE_SIZE }),
    emailConnectorActive(ctx, account.id),
  ]);
  const enabled = customer.deliveryChannels.filter((ch) => ch.enabled);
  const errors = retry?.errors ?? [];
  const fact = (label: string, value: unknown) => (
    <div class="summary__row">
      <dt>{label}</dt>
      <dd>{value ?? "–"}</dd>
    </div>
  );
  return render(
    c,
    <Layout v={v} title={t("salesInvoice.title", { number: invoice.number })} hasErrors={errors.length > 0}>
      <p>
        <a href="/sales-invoices">{t("salesInvoice.back")}</a>
      </p>
      <ErrorSummary v={v} errors={errors} />
      <dl class="summary">
        {fact(t("salesInvoice.customer"), <a href={`/partners/${customer.id}`}>{customer.name}</a>)}
        {fact(t("salesInvoice.issueDate"), v.date(invoice.issueDate))}
        {fact(t("salesInvoice.dueDate"), invoice.dueDate ? v.date(invoice.dueDate) : null)}
        {fact(t("salesInvoice.totalAmount"), v.amount(invoice.totalAmount, invoice.currency))}
        {fact(
          t("salesInvoice.files"),
          <ul class="plain-list">
            {invoice.file ? (
              <li>
                <a href={`/sales-invoices/${invoice.id}/file`} download="">
                  {invoice.file.name}
                </a>{" "}
                <span class="muted">{v.bytes(invoice.file.size)}</span>
              </li>
            ) : null}
            {invoice.einvoice ? (
              <li>
                <a href={`/sales-invoices/${invoice.id}/einvoice`} download="">
                  {invoice.einvoice.name}
                </a>{" "}
                <span class="muted">{v.bytes(invoice.einvoice.size)}</span>
              </li>
            ) : null}
          </ul>,
        )}
      </dl>

      <section aria-labelledby="send-title">
        <h2 id="send-title">{t("salesInvoice.send.title")}</h2>
        {customer.archivedAt ? (
          <p>{t("salesInvoice.send.archived")}</p>
        ) : enabled.length === 0 ? (
          <p class="warning-panel">
            {t("salesInvoice.send.noChannel")} <a href={`/partners/${customer.id}/channels`}>{t("salesInvoice.send.setUpChannels")}</a>
          </p>
        ) : (
          <>
            <p>{t("salesInvoice.send.channels", { channels: enabled.map((ch) => channelName(v, ch.channel)).join(", ") })}</p>
            <ActionForm v={v} action={`/sales-invoices/${invoice.id}/send`} label={deliveries.items.length > 0 ? t("salesInvoice.send.again") : t("salesInvoice.send.button")} variant="primary" />
          </>
        )}
      </section>

      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t("salesInvoice.deliveries")}</h2>
        {deliveries.items.length === 0 ? (
          <p>{t("salesInvoice.deliveries.none")}</p>
        ) : (
          deliveries.items.map((delivery) => {
            const why = deliveryReason(v, delivery);
            const fixable = delivery.channel === "email" && (delivery.status === "failed" || delivery.status === "bounced" || delivery.status === "blocked");
            const mine = retry?.deliveryId === delivery.id;
            return (
              <article class="delivery" aria-labelledby={`delivery-${delivery.id}`} id={`d-${delivery.id}`}>
                <h3 id={`delivery-${delivery.id}`}>
                  {channelName(v, delivery.channel)} <StatusTag v={v} status={delivery.status} />
                </h3>
                <p class="wrap">{delivery.channel === "email" ? t("delivery.to", { recipients: delivery.recipients.join(", ") }) : t("delivery.toPeppol", { id: delivery.participantId ?? "" })}</p>
                {why && delivery.status !== "sent" ? <p class="warning-panel">{why}</p> : null}
                {delivery.reason === "CONNECTOR_INACTIVE" && !connectorOn ? (
                  <p>
                    <a href="/connectors/email#state-title" class="button button--secondary">
                      {t("delivery.reactivate")}
                    </a>
                  </p>
                ) : null}
                <Timeline v={v} delivery={delivery} />
                {fixable ? (
                  <form method="post" action={`/sales-invoices/${invoice.id}/deliveries/${delivery.id}/retry`} class="retry">
                    <Csrf v={v} />
                    <TextArea
                      id={`recipients-${delivery.id}`}
                      name="recipients"
                      label={t("delivery.retry.recipients")}
                      hint={t("delivery.retry.hint", { max: MAX_RECIPIENTS_PER_MESSAGE })}
                      value={mine ? retry.values : delivery.recipients.join("\n")}
                      error={mine ? errorFor(errors, `recipients-${delivery.id}`) : undefined}
                      rows={2}
                      spellcheck={false}
                    />
                    <Checkboxes name={`save-${delivery.id}`} legend={t("delivery.retry.saveLegend")} values={[]} options={[{ value: "on", label: t("delivery.retry.save", { name: customer.name }) }]} />
                    <Button variant="secondary">{t("delivery.retry.submit")}</Button>
                  </form>
                ) : null}
              </article>
            );
          })
        )}
      </section>
    </Layout>,
    errors.length > 0 ? 422 : 200,
  );
}

export function registerSalesInvoices(app: WebApp) {
  app.get("/sales-invoices", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const accountId = signedIn(c).account.id;
    const cursor = c.req.query("cursor");
    const ctx = c.get("ctx");
    const page = await listSalesInvoices(ctx, accountId, { cursor, limit: PAGE_SIZE });
    const ids = page.items.map((i) => i.id);
    const [deliveries, customers] = await Promise.all([deliveriesOfInvoices(ctx, accountId, ids), partnersByIds(ctx, accountId, page.items.map((i) => i.customerId))]);
    const customerName = new Map(customers.map((p) => [p.id, p.name]));
    return render(
      c,
      <Layout
        v={v}
        title={t("salesInvoices.title")}
        actions={
          <a class="button button--primary" href="/sales-invoices/new">
            {t("salesInvoices.upload")}
          </a>
        }
      >
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{t("salesInvoices.empty")}</p>
          </div>
        ) : (
          <SalesInvoiceTable v={v} caption={t("salesInvoices.title")} invoices={page.items} deliveries={deliveries} customerName={(id) => customerName.get(id)} />
        )}
        <Pagination v={v} path="/sales-invoices" query={new URLSearchParams()} nextCursor={page.nextCursor} isFirst={!cursor} />
      </Layout>,
    );
  });

  app.get("/sales-invoices/new", (c) => uploadPage(c, { customer: c.req.query("customer") }, []));

  app.post("/sales-invoices/new", async (c) => {
    const v = c.get("view");
    const body = await c.req.parseBody();
    const values: UploadValues = Object.fromEntries(Object.entries(body).filter(([, value]) => typeof value === "string")) as UploadValues;
    const form = checkForm(UploadForm, body, v.t);
    const [pdf, einvoice] = await Promise.all([uploaded(body.file), uploaded(body.einvoice)]);
    const errors = form.ok ? [] : [...form.errors];
    if (!pdf && !einvoice) errors.push({ field: "file", message: v.t("salesInvoice.files.required") });
    for (const [field, file] of [["file", pdf], ["einvoice", einvoice]] as const) {
      if (file && file.bytes.length > MAX_SALES_INVOICE_FILE_BYTES) errors.push({ field, message: v.t("salesInvoice.files.tooLarge", { max: MAX_SALES_INVOICE_FILE_BYTES / 1024 / 1024 }) });
    }
    if (!form.ok || errors.length > 0) return uploadPage(c, values, errors);
    try {
      const { customer, ...facts } = form.data;
      const invoice = await createSalesInvoice(c.get("ctx"), signedIn(c).account, { ...facts, customerId: customer, pdf, einvoice });
      return c.redirect(`/sales-invoices/${invoice.id}?notice=invoiceUploaded`, 303);
    } catch (error) {
      const refused = uploadErrors(error, v);
      if (!refused) throw error;
      return uploadPage(c, values, refused);
    }
  });

  app.get("/sales-invoices/:id", (c) => invoicePage(c));

  app.post("/sales-invoices/:id/send", async (c) => {
    const id = c.req.param("id");
    try {
      await sendSalesInvoice(c.get("ctx"), signedIn(c).account, id);
    } catch (error) {
      // A page older than a change (the channels switched off, the customer deleted), or too many sends in a minute.
      if (error instanceof AppError && error.code === "CONFLICT") return conflictPage(c, "salesInvoice.send.refused");
      if (error instanceof AppError && error.code === "RATE_LIMITED") return conflictPage(c, "salesInvoice.send.rateLimited");
      throw error;
    }
    return c.redirect(`/sales-invoices/${id}?notice=invoiceSent#deliveries-title`, 303);
  });

  app.post("/sales-invoices/:id/deliveries/:deliveryId/retry", async (c) => {
    const v = c.get("view");
    const { id, deliveryId } = c.req.param();
    const body = await c.req.parseBody();
    const form = RetryForm.parse({ recipients: body.recipients, save: body[`save-${deliveryId}`] });
    const read = readRecipients(form.recipients, MAX_RECIPIENTS_PER_MESSAGE, v.t);
    const { recipients } = read;
    const problem = recipients.length === 0 ? v.t("form.email.required") : read.problem;
    if (problem) return invoicePage(c, { deliveryId, values: form.recipients, errors: [{ field: `recipients-${deliveryId}`, message: problem }] });
    // The delivery must be of this invoice: the page's address names both.
    const delivery = await findDelivery(c.get("ctx"), signedIn(c).account.id, deliveryId);
    if (delivery?.salesInvoiceId !== id) return c.notFound();
    try {
      await retryDelivery(c.get("ctx"), signedIn(c).account, deliveryId, { recipients, saveRecipients: form.save === "on" });
    } catch (error) {
      // Sent again from another page meanwhile, or too many sends in a minute.
      if (error instanceof AppError && error.code === "CONFLICT") return conflictPage(c, "delivery.retry.refused");
      if (error instanceof AppError && error.code === "RATE_LIMITED") return conflictPage(c, "salesInvoice.send.rateLimited");
      throw error;
    }
    return c.redirect(`/sales-invoices/${id}?notice=deliveryRetried#d-${deliveryId}`, 303);
  });

  // Downloads only, never shown in the browser.
  for (const which of ["file", "einvoice"] as const) {
    app.get(`/sales-invoices/:id/${which}`, async (c) => {
      const { file, object } = await salesInvoiceFile(c.get("ctx"), signedIn(c).account.id, c.req.param("id"), which);
      return c.body(object.body, 200, downloadHeaders(file));
    });
  }
}
