import type { Context } from "hono";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { getInboundMessage, type InboundMessageDetail } from "../../inbound/inbound-messages.ts";
import { inboxItemReason, inboxItemsOfMessages, type InboxItemDetail } from "../../inbox/inbox.ts";
import { derivedId } from "../../ids.ts";
import { reclassifyFile, type Placement } from "../../purchase-invoices/reclassify.ts";
import { Dialog, DialogTrigger } from "../components/dialog.tsx";
import { Button, Csrf, ErrorSummary, Radios, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { FileFate, invoiceName, ItemActions, OutcomeTag, senderOf, skippedPartsOf, subjectOf } from "../components/mail.tsx";
import { authVerdict } from "../formats.ts";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp, WebEnv } from "../types.ts";
import type { View } from "../view.ts";

type FileRow = InboundMessageDetail["files"][number];

/** The purchase invoices of the mail, by id: each file that is an invoice's own. */
const invoicesOf = (message: InboundMessageDetail) => [...new Set(message.files.flatMap((f) => (f.purchaseInvoiceId ? [f.purchaseInvoiceId] : [])))];

/** A file a person may place: one that is (part of) a purchase invoice of this mail, once the mail is done. */
const reclassifiable = (message: InboundMessageDetail, file: FileRow) => message.outcome !== "processing" && file.purchaseInvoiceId !== null;

/** The choices for a file: an invoice of its own (documents only), or an appendix of each other invoice of the mail. */
function choices(v: View, message: InboundMessageDetail, file: FileRow) {
  const own = derivedId("purchaseInvoice", file.id);
  const options = invoicesOf(message)
    .filter((id) => id !== own)
    .map((id) => ({ value: id, label: v.t("reclassify.appendixOf", { name: invoiceName(message, id) }) }));
  if (file.verdict === "document") options.unshift({ value: "invoice", label: v.t("reclassify.ownInvoice") });
  const current = file.purchaseInvoiceId === own ? "invoice" : file.purchaseInvoiceId;
  return { options, current };
}

function ReclassifyForm({ v, message, file, errors = [], inDialog }: { v: View; message: InboundMessageDetail; file: FileRow; errors?: FieldError[]; inDialog: boolean }) {
  const { options, current } = choices(v, message, file);
  const name = `placement-${file.id}`;
  return (
    <form method="post" action={`/inbox/mails/${message.id}/files/${file.id}/reclassify`}>
      <Csrf v={v} />
      <Radios
        name={name}
        legend={v.t("reclassify.question", { name: file.name })}
        hint={v.t("reclassify.hint")}
        value={current}
        error={errors[0]?.message}
        options={options}
      />
      <div class="button-group">
        <Button>{v.t("reclassify.submit")}</Button>
        {inDialog ? (
          <button type="button" class="button button--secondary" data-dialog-close="">
            {v.t("dialog.cancel")}
          </button>
        ) : (
          <a href={`/inbox/mails/${message.id}`} class="button button--secondary">
            {v.t("dialog.cancel")}
          </a>
        )}
      </div>
    </form>
  );
}

function FilesTable({ v, message, items }: { v: View; message: InboundMessageDetail; items: InboxItemDetail[] }) {
  const { t } = v;
  const byFile = new Map(items.filter((i) => i.item.fileId).map((i) => [i.item.fileId!, i]));
  const back = `/inbox/mails/${message.id}`;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{t("mail.files")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("mail.file")}</th>
            <th scope="col">{t("mail.fate")}</th>
            <th scope="col">{t("mail.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {message.files.map((file) => {
            const item = byFile.get(file.id);
            const canPlace = reclassifiable(message, file) && choices(v, message, file).options.length > 1;
            return (
              <tr>
                <td class="wrap">
                  {file.name}
                  <div class="muted">
                    {file.path !== file.name ? `${file.path} · ` : ""}
                    {v.bytes(file.size)}
                  </div>
                </td>
                <td class="wrap">
                  <FileFate v={v} message={message} file={file} item={item} />
                </td>
                <td>
                  {item ? <ItemActions v={v} item={item} back={back} /> : null}
                  {canPlace ? (
                    <>
                      <DialogTrigger dialog={`reclassify-${file.id}`} href={`/inbox/mails/${message.id}/files/${file.id}/reclassify`}>
                        {t("reclassify.button")}
                        <span class="visually-hidden"> {file.name}</span>
                      </DialogTrigger>
                      <Dialog id={`reclassify-${file.id}`} title={t("reclassify.title")}>
                        <ReclassifyForm v={v} message={message} file={file} inDialog />
                      </Dialog>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

async function load(c: Context<WebEnv>, id: string) {
  const ctx = c.get("ctx");
  const accountId = signedIn(c).account.id;
  const message = await getInboundMessage(ctx, accountId, id);
  return { message, items: await inboxItemsOfMessages(ctx, accountId, [message.id]) };
}

export function registerInboxMail(app: WebApp) {
  app.get("/inbox/mails/:id", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const { message, items } = await load(c, c.req.param("id"));
    const skipped = skippedPartsOf(v, message);
    const fact = (label: string, value: string | null) => (
      <div class="summary__row">
        <dt>{label}</dt>
        <dd>{value || "–"}</dd>
      </div>
    );
    return render(
      c,
      <Layout v={v} title={subjectOf(v, message)}>
        <p>
          <a href="/inbox">{t("mail.back")}</a>
        </p>
        <dl class="summary">
          {fact(t("mail.from"), senderOf(message))}
          {fact(t("mail.to"), message.address)}
          {fact(t("mail.received"), v.dateTime(message.receivedAt))}
          <div class="summary__row">
            <dt>{t("mail.outcome")}</dt>
            <dd>
              <OutcomeTag v={v} outcome={message.outcome} />
            </dd>
          </div>
          {fact("SPF", authVerdict(v, message.spf))}
          {fact("DKIM", authVerdict(v, message.dkim))}
          {fact("DMARC", authVerdict(v, message.dmarc))}
        </dl>
        {items
          .filter((i) => i.item.fileId === null)
          .map((item) => (
            <p class="mail__notice">
              {inboxItemReason(item.item, v.lang)} <ItemActions v={v} item={item} back={`/inbox/mails/${message.id}`} />
            </p>
          ))}
        <h2>{t("mail.files")}</h2>
        {message.files.length === 0 ? <p>{t(message.outcome === "processing" ? "fate.checking" : "mail.noFiles")}</p> : <FilesTable v={v} message={message} items={items} />}
        {skipped.length > 0 ? (
          <>
            <h2>{t("mail.skipped")}</h2>
            <ul>
              {skipped.map((p) => (
                <li>{`${p.name}: ${p.reason}`}</li>
              ))}
            </ul>
          </>
        ) : null}
      </Layout>,
    );
  });

  const reclassifyPage = (v: View, message: InboundMessageDetail, file: FileRow, errors: FieldError[] = []) => (
    <Layout v={v} title={v.t("reclassify.title")} hasErrors={errors.length > 0} lead={subjectOf(v, message)}>
      <ErrorSummary v={v} errors={errors} />
      <ReclassifyForm v={v} message={message} file={file} errors={errors} inDialog={false} />
    </Layout>
  );

  app.get("/inbox/mails/:id/files/:fileId/reclassify", async (c) => {
    const { message } = await load(c, c.req.param("id"));
    const file = message.files.find((f) => f.id === c.req.param("fileId"));
    if (!file || !reclassifiable(message, file)) throw new AppError("NOT_FOUND", "no such file to reclassify");
    return render(c, reclassifyPage(c.get("view"), message, file));
  });

  app.post("/inbox/mails/:id/files/:fileId/reclassify", async (c) => {
    const v = c.get("view");
    const { message } = await load(c, c.req.param("id"));
    const file = message.files.find((f) => f.id === c.req.param("fileId"));
    if (!file || !reclassifiable(message, file)) throw new AppError("NOT_FOUND", "no such file to reclassify");
    const field = `placement-${file.id}`;
    const chosen = z.string().max(64).safeParse((await c.req.parseBody())[field]);
    const allowed = choices(v, message, file).options.map((o) => o.value);
    if (!chosen.success || !allowed.includes(chosen.data)) {
      return render(c, reclassifyPage(v, message, file, [{ field, message: v.t("reclassify.choose") }]), 400);
    }
    const placement: Placement = chosen.data === "invoice" ? { as: "invoice" } : { as: "appendix", purchaseInvoiceId: chosen.data };
    try {
      await reclassifyFile(c.get("ctx"), signedIn(c).account.id, message.id, file.id, placement);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "CONFLICT" && error.code !== "VALIDATION_FAILED")) throw error;
      return render(c, reclassifyPage(v, message, file, [{ field, message: v.t("reclassify.refused") }]), 409);
    }
    return c.redirect(`/inbox/mails/${message.id}?notice=fileReclassified`, 303);
  });
}
