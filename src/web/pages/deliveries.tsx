import { z } from "zod";
import type { DeliveryStatus } from "../../db/schema/index.ts";
import { listDeliveries } from "../../outbound/deliveries.ts";
import { partnersByIds } from "../../partners/partners.ts";
import { salesInvoicesByIds } from "../../sales-invoices/sales-invoices.ts";
import { channelName, deliveryReason, StatusTag } from "../components/deliveries.tsx";
import { SelectField } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { Pagination } from "../components/pagination.tsx";
import { PAGE_SIZE } from "../limits.ts";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";

/** What did not arrive, and so needs someone: the list shows these by default. */
const UNDELIVERED: DeliveryStatus[] = ["failed", "bounced", "blocked"];
const Query = z.object({
  status: z.enum(["failed", "bounced", "blocked"]).optional().catch(undefined),
  cursor: z.string().max(64).optional().catch(undefined),
});

export function registerDeliveries(app: WebApp) {
  app.get("/deliveries", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const accountId = signedIn(c).account.id;
    const ctx = c.get("ctx");
    const { status, cursor } = Query.parse(c.req.query());
    const page = await listDeliveries(ctx, accountId, { statuses: status ? [status] : UNDELIVERED, cursor, limit: PAGE_SIZE });
    const [invoices, partners] = await Promise.all([
      salesInvoicesByIds(ctx, accountId, page.items.map((d) => d.salesInvoiceId)),
      partnersByIds(ctx, accountId, page.items.map((d) => d.partnerId)),
    ]);
    const numberOf = new Map(invoices.map((i) => [i.id, i.number]));
    const nameOf = new Map(partners.map((p) => [p.id, p.name]));
    return render(
      c,
      <Layout v={v} title={t("deliveries.title")} lead={t("deliveries.lead")}>
        <form method="get" action="/deliveries" class="filters" role="search" aria-label={t("deliveries.filter.label")}>
          <SelectField
            id="status"
            label={t("deliveries.filter.status")}
            value={status ?? ""}
            width="medium"
            options={[
              { value: "", label: t("deliveries.filter.all") },
              ...UNDELIVERED.map((s) => ({ value: s, label: t(`delivery.status.${s}`) })),
            ]}
          />
          <div class="filters__actions">
            <button type="submit" class="button button--secondary">
              {t("deliveries.filter.apply")}
            </button>
          </div>
        </form>
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{t("deliveries.empty")}</p>
          </div>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t("deliveries.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("salesInvoices.col.number")}</th>
                  <th scope="col">{t("salesInvoices.col.customer")}</th>
                  <th scope="col">{t("deliveries.col.channel")}</th>
                  <th scope="col">{t("deliveries.col.status")}</th>
                  <th scope="col">{t("deliveries.col.why")}</th>
                  <th scope="col">{t("deliveries.col.when")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr>
                    <td>
                      <a href={`/sales-invoices/${d.salesInvoiceId}#d-${d.id}`}>{numberOf.get(d.salesInvoiceId)}</a>
                    </td>
                    <td class="wrap">
                      <a href={`/partners/${d.partnerId}`}>{nameOf.get(d.partnerId)}</a>
                    </td>
                    <td>{channelName(v, d.channel)}</td>
                    <td>
                      <StatusTag v={v} status={d.status} />
                    </td>
                    <td class="wrap">{deliveryReason(v, d)}</td>
                    <td>{v.dateTime(d.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination v={v} path="/deliveries" query={new URLSearchParams(status ? { status } : {})} nextCursor={page.nextCursor} isFirst={!cursor} />
      </Layout>,
    );
  });
}
