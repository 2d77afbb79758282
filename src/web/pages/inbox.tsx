import { z } from "zod";
import { AppError } from "../../errors.ts";
import { countInboundMessages, getInboundMessage, listInboundMessages, type InboundMessageDetail } from "../../inbound/inbound-messages.ts";
import { inboxItemReason, inboxItemsOfMessages, listInbox, pendingWork, rescanInboxItem, resolveInboxItem, type InboxItemDetail } from "../../inbox/inbox.ts";
import { Layout } from "../components/layout.tsx";
import { FileFate, ItemActions, OutcomeTag, senderOf, skippedPartsOf, subjectOf } from "../components/mail.tsx";
import { Pagination } from "../components/pagination.tsx";
import { conflictPage } from "../errors.tsx";
import { PAGE_SIZE } from "../limits.ts";
import { safeNext, signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";
import type { View } from "../view.ts";

const Query = z.object({ show: z.enum(["attention", "all"]).catch("attention"), cursor: z.string().max(64).optional().catch(undefined) });

/** Items about the mail as a whole (no attachment, a forwarding confirmation, an unreadable mail). */
const mailItems = (items: InboxItemDetail[]) => items.filter((i) => i.item.fileId === null);

function MailCard({ v, message, items, back }: { v: View; message: InboundMessageDetail; items: InboxItemDetail[]; back: string }) {
  const { t } = v;
  const byFile = new Map(items.filter((i) => i.item.fileId).map((i) => [i.item.fileId!, i]));
  const skipped = skippedPartsOf(v, message);
  return (
    <li class="mail">
      <div class="mail__head">
        <h2 class="mail__subject">
          <a href={`/inbox/mails/${message.id}`}>{subjectOf(v, message)}</a>
        </h2>
        <OutcomeTag v={v} outcome={message.outcome} />
      </div>
      <p class="mail__meta">
        {t("inbox.fromOn", { from: senderOf(message), date: v.dateTime(message.receivedAt) })}
      </p>
      {message.files.length > 0 ? (
        <ul class="mail__files">
          {message.files.map((file) => {
            const item = byFile.get(file.id);
            return (
              <li>
                <span class="mail__file-name">{file.name}</span> <FileFate v={v} message={message} file={file} item={item} />
                {item ? <ItemActions v={v} item={item} back={back} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {mailItems(items).map((item) => (
        <p class="mail__notice">
          {inboxItemReason(item.item, v.lang)} <ItemActions v={v} item={item} back={back} />
        </p>
      ))}
      {message.duplicateOf ? (
        <p class="mail__notice">
          {t("inbox.duplicateMail")} <a href={`/inbox/mails/${message.duplicateOf}`}>{t("inbox.openFirst")}</a>
        </p>
      ) : null}
      {skipped.length > 0 ? (
        <p class="mail__notice muted">
          {t("inbox.skipped")} {skipped.map((p) => `${p.name} (${p.reason})`).join(", ")}
        </p>
      ) : null}
    </li>
  );
}

export function registerInbox(app: WebApp) {
  app.get("/inbox", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const ctx = c.get("ctx");
    const accountId = signedIn(c).account.id;
    const { show, cursor } = Query.parse(c.req.query());
    const needsAttention = show === "attention";
    const [page, attentionCount, allCount, bounced, busy] = await Promise.all([
      listInboundMessages(ctx, accountId, { limit: PAGE_SIZE, cursor, needsAttention }),
      countInboundMessages(ctx, accountId, { needsAttention: true }),
      countInboundMessages(ctx, accountId, {}),
      listInbox(ctx, accountId, { kind: "delivery_bounced", resolved: false, limit: PAGE_SIZE }),
      pendingWork(ctx, accountId),
    ]);
    const items = await inboxItemsOfMessages(
      ctx,
      accountId,
      page.items.map((m) => m.id),
    );
    const back = v.here;
    const tab = (value: "attention" | "all", label: string) => (
      <li>
        <a href={value === "attention" ? "/inbox" : "/inbox?show=all"} aria-current={show === value ? "page" : undefined}>
          {label}
        </a>
      </li>
    );
    return render(
      c,
      <Layout v={v} title={t("inbox.title")} lead={t("inbox.lead")}>
        {busy > 0 ? (
          <p class="live" role="status" data-live="/inbox/live" data-done={t("inbox.live.done")} data-reload={t("inbox.live.reload")}>
            {v.tp(busy, "inbox.live.busy")}
          </p>
        ) : null}
        <nav class="tabs" aria-label={t("inbox.tabs")}>
          <ul>
            {tab("attention", v.tp(attentionCount, "inbox.tab.attention"))}
            {tab("all", v.tp(allCount, "inbox.tab.all"))}
          </ul>
        </nav>
        {bounced.items.length > 0 ? (
          <section aria-labelledby="bounced-title" class="warning-panel">
            <h2 id="bounced-title">{t("inbox.bounced.title")}</h2>
            <p>
              <a href="/deliveries?status=bounced">{t("inbox.bounced.fix")}</a>
            </p>
            <ul>
              {bounced.items.map((item) => (
                <li>
                  {inboxItemReason(item.item, v.lang)} <ItemActions v={v} item={item} back={back} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{needsAttention ? t("inbox.emptyAttention") : t("inbox.emptyAll")}</p>
            <p>
              <a href={needsAttention ? "/inbox?show=all" : "/connectors/email"}>{needsAttention ? t("inbox.emptyAttentionAction") : t("inbox.emptyAllAction")}</a>
            </p>
          </div>
        ) : (
          <ul class="mails">
            {page.items.map((message) => (
              <MailCard v={v} message={message} items={items.filter((i) => i.item.inboundMessageId === message.id)} back={back} />
            ))}
          </ul>
        )}
        <Pagination v={v} path="/inbox" query={new URLSearchParams(needsAttention ? {} : { show })} nextCursor={page.nextCursor} isFirst={!cursor} />
      </Layout>,
    );
  });

  /** How much is still under way: app.js polls it while the page says so. */
  app.get("/inbox/live", async (c) => c.json({ busy: await pendingWork(c.get("ctx"), signedIn(c).account.id) }));

  const itemAction = (action: typeof resolveInboxItem, notice: string) =>
    app.post(`/inbox/items/:id/${notice === "itemResolved" ? "resolve" : "rescan"}`, async (c) => {
      const body = await c.req.parseBody();
      const back = safeNext(typeof body.back === "string" ? body.back : undefined, "/inbox");
      try {
        await action(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
      } catch (error) {
        if (error instanceof AppError && error.code === "CONNECTOR_INACTIVE") return conflictPage(c, "inbox.rescan.inactive");
        if (error instanceof AppError && error.code === "CONFLICT") return conflictPage(c, "inbox.rescan.notNeeded");
        throw error;
      }
      return c.redirect(`${back}${back.includes("?") ? "&" : "?"}notice=${notice}`, 303);
    });
  itemAction(resolveInboxItem, "itemResolved");
  itemAction(rescanInboxItem, "rescanStarted");
}

