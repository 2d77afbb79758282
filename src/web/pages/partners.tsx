import type { Context } from "hono";
import { z } from "zod";
import { MAX_SEARCH_QUERY_CHARS } from "../../api/limits.ts";
import type { PartnerRow } from "../../db/schema/index.ts";
import { AppError } from "../../errors.ts";
import { MAX_RECIPIENTS_PER_MESSAGE } from "../../outbound/limits.ts";
import { deliveriesOfInvoices } from "../../outbound/deliveries.ts";
import type { EmailChannel, PeppolChannel } from "../../partners/delivery-channels.ts";
import { createPartner, getPartner, listPartners, saveEmailRecipients, setDeliveryChannel, updatePartner, type Partner } from "../../partners/partners.ts";
import { listSalesInvoices } from "../../sales-invoices/sales-invoices.ts";
import { Dialog } from "../components/dialog.tsx";
import { SalesInvoiceTable } from "../components/deliveries.tsx";
import { Button, Checkboxes, Csrf, ErrorSummary, errorFor, SelectField, TextArea, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { Pagination } from "../components/pagination.tsx";
import { PartnerFields, PartnerForm, partnerBody, partnerDomainErrors, partnerFields, partnerValues, type PartnerFormValues } from "../components/partner-form.tsx";
import { PAGE_SIZE } from "../limits.ts";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp, WebEnv } from "../types.ts";
import { checkForm, readRecipients } from "../validation.ts";
import type { View } from "../view.ts";

const Filters = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : undefined), z.string().max(MAX_SEARCH_QUERY_CHARS, "form.tooLong").optional()),
  role: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["customer", "supplier"], "partners.filter.roleInvalid").optional()),
  show: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["archived"], "partners.filter.showInvalid").optional()),
  cursor: z.string().max(64).optional(),
});

/**
 * Where the channel set-up goes next: back to the partner, or to the upload
 * of a sales invoice that made the customer. A closed list, never a URL
 * (no open redirect).
 */
const Next = z.enum(["partner", "upload"]).catch("partner");
type Next = z.output<typeof Next>;
const afterSetup = (id: string, next: Next, notice: string) =>
  next === "upload" ? `/sales-invoices/new?customer=${encodeURIComponent(id)}&notice=${notice}` : `/partners/${id}/channels?notice=${notice}`;

function Tabs({ v, partner, current }: { v: View; partner: PartnerRow; current: "profile" | "channels" | "invoices" }) {
  const tabs = [
    { key: "profile", href: `/partners/${partner.id}`, label: v.t("partner.tab.profile") },
    { key: "channels", href: `/partners/${partner.id}/channels`, label: v.t("partner.tab.channels") },
    { key: "invoices", href: `/partners/${partner.id}/invoices`, label: v.t("partner.tab.invoices") },
  ];
  return (
    <nav class="tabs" aria-label={v.t("partner.tabs")}>
      <ul>
        {tabs.map((tab) => (
          <li>
            <a href={tab.href} aria-current={tab.key === current ? "page" : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RoleTags({ v, partner }: { v: View; partner: PartnerRow }) {
  return (
    <>
      {partner.roles.map((role) => (
        <span class="tag">{v.t(`partner.role.${role}`)}</span>
      ))}
    </>
  );
}

const emailOf = (partner: Partner) => partner.deliveryChannels.find((c): c is EmailChannel => c.channel === "email")!;
const peppolOf = (partner: Partner) => partner.deliveryChannels.find((c): c is PeppolChannel => c.channel === "peppol")!;

/** What Peppol lacks to be switched on (the participant id, a Peppol connector); empty when it can be. */
function peppolMissing(partner: Partner) {
  const peppol = peppolOf(partner);
  return [...(peppol.participantId ? [] : (["id"] as const)), ...(peppol.available ? [] : (["connector"] as const))];
}

/** What Peppol lacks, each with a link to the fix. */
function PeppolMissing({ v, partner }: { v: View; partner: Partner }) {
  return (
    <ul class="warning-panel reasons">
      {peppolMissing(partner).map((what) =>
        what === "id" ? (
          <li>
            {v.t("channels.peppol.needsId")} <a href={`/partners/${partner.id}#peppolId`}>{v.t("channels.peppol.addId")}</a>
          </li>
        ) : (
          <li>
            {v.t("channels.peppol.noConnector")} <a href="/connectors">{v.t("channels.peppol.seeConnectors")}</a>
          </li>
        ),
      )}
    </ul>
  );
}

/** The pop-up's content, the same in the <dialog> and on its page: channels to switch on, email on when there is an address. */
function ChannelSetup({ v, partner, next, errors }: { v: View; partner: Partner; next: Next; errors: FieldError[] }) {
  const { t } = v;
  const email = emailOf(partner);
  const missing = peppolMissing(partner);
  return (
    <div class="confirm">
      <ErrorSummary v={v} errors={errors} />
      <p>{t("channels.setup.lead", { name: partner.name })}</p>
      <form method="post" action={`/partners/${partner.id}/setup`}>
        <Csrf v={v} />
        <input type="hidden" name="next" value={next} />
        <Checkboxes
          name="channels"
          legend={t("channels.setup.legend")}
          values={email.recipients.length > 0 ? ["email"] : []}
          error={errorFor(errors, "channels")}
          options={[
            {
              value: "email",
              label: t("channels.email"),
              disabled: email.recipients.length === 0,
              hint: email.recipients.length > 0 ? t("channels.email.sendsTo", { addresses: email.recipients.join(", ") }) : t("channels.email.needsAddress"),
            },
            {
              value: "peppol",
              label: t("channels.peppol"),
              disabled: missing.length > 0,
              // In words only: a link here would leave the pop-up before the channels are chosen.
              hint:
                missing.length > 0
                  ? missing.map((what) => t(what === "id" ? "channels.peppol.needsId" : "channels.peppol.noConnector")).join(" ")
                  : t("channels.peppol.sendsTo", { id: peppolOf(partner).participantId ?? "" }),
            },
          ]}
        />
        <div class="button-group">
          <Button>{t("channels.setup.save")}</Button>
          <a href={afterSetup(partner.id, next, "channelsSkipped")} class="button button--secondary">
            {t("channels.setup.skip")}
          </a>
        </div>
      </form>
      <p class="hint">{t("channels.setup.later")}</p>
    </div>
  );
}

function ChannelToggle({ v, partner, channel, on, can, label, children }: { v: View; partner: Partner; channel: "email" | "peppol"; on: boolean; can: boolean; label: string; children?: unknown }) {
  const id = `channel-${channel}`;
  return (
    <form method="post" action={`/partners/${partner.id}/channels/${channel}`} class="toggle">
      <Csrf v={v} />
      <div class="toggle__row">
        <input type="checkbox" role="switch" id={id} name="enabled" value="on" checked={on} disabled={!on && !can} aria-describedby={`${id}-state`} data-autosubmit="" />
        <label for={id}>{label}</label>
        <span id={`${id}-state`} class={on ? "tag tag--active" : "tag"}>
          {on ? v.t("channels.on") : v.t("channels.off")}
        </span>
        <button type="submit" class="button button--secondary button--small" data-autosubmit-button="">
          {v.t("channels.save")}
        </button>
      </div>
      {children}
    </form>
  );
}

function ChannelsTab({ v, partner, errors, recipients }: { v: View; partner: Partner; errors: FieldError[]; recipients?: string }) {
  const { t } = v;
  const email = emailOf(partner);
  const peppol = peppolOf(partner);
  const missing = peppolMissing(partner);
  const live = !partner.archivedAt;
  return (
    <>
      <ErrorSummary v={v} errors={errors} />
      <section aria-labelledby="email-channel-title" class="channel">
        <h2 id="email-channel-title">{t("channels.email")}</h2>
        {live ? (
          <ChannelToggle v={v} partner={partner} channel="email" on={email.enabled} can={email.recipients.length > 0} label={t("channels.email.toggle")}>
            {errorFor(errors, "channel-email") ? <p class="field-error">{errorFor(errors, "channel-email")}</p> : null}
          </ChannelToggle>
        ) : null}
        {email.recipients.length === 0 ? (
          <p class="warning-panel" id="email-missing">
            {t("channels.email.needsAddress")} <a href={`/partners/${partner.id}#email`}>{t("channels.email.addAddress")}</a>
          </p>
        ) : (
          <p>{email.recipientsFromProfile ? t("channels.email.sendsToProfile", { address: email.recipients[0]! }) : t("channels.email.sendsTo", { addresses: email.recipients.join(", ") })}</p>
        )}
        {live ? (
          <form method="post" action={`/partners/${partner.id}/channels/email/recipients`}>
            <Csrf v={v} />
            <TextArea
              id="recipients"
              label={t("channels.recipients")}
              hint={t("channels.recipients.hint", { max: MAX_RECIPIENTS_PER_MESSAGE })}
              value={recipients ?? (email.recipientsFromProfile ? "" : email.recipients.join("\n"))}
              error={errorFor(errors, "recipients")}
              spellcheck={false}
            />
            <Button variant="secondary">{t("channels.recipients.save")}</Button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="peppol-channel-title" class="channel">
        <h2 id="peppol-channel-title">{t("channels.peppol")}</h2>
        {live ? (
          <ChannelToggle v={v} partner={partner} channel="peppol" on={peppol.enabled} can={missing.length === 0} label={t("channels.peppol.toggle")}>
            {errorFor(errors, "channel-peppol") ? <p class="field-error">{errorFor(errors, "channel-peppol")}</p> : null}
          </ChannelToggle>
        ) : null}
        {missing.length > 0 ? <PeppolMissing v={v} partner={partner} /> : <p>{t("channels.peppol.sendsTo", { id: peppol.participantId ?? "" })}</p>}
      </section>
    </>
  );
}

async function partnerPage(c: Context<WebEnv>) {
  return getPartner(c.get("ctx"), signedIn(c).account.id, c.req.param("id")!);
}

function PartnerHeading({ v, partner }: { v: View; partner: Partner }) {
  return (
    <>
      <p>
        <a href="/partners">{v.t("partner.back")}</a>
      </p>
      <p>
        <RoleTags v={v} partner={partner} />
        {partner.archivedAt ? <span class="tag tag--inactive">{v.t("partner.archived")}</span> : null}
      </p>
    </>
  );
}

export function registerPartners(app: WebApp) {
  app.get("/partners", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const query = c.req.query();
    const form = checkForm(Filters, query, t);
    const filter = form.ok ? form.data : { q: undefined, role: undefined, show: undefined, cursor: undefined };
    const page = await listPartners(c.get("ctx"), signedIn(c).account.id, { q: filter.q, role: filter.role, archived: filter.show === "archived", cursor: filter.cursor, limit: PAGE_SIZE });
    const errors = form.ok ? [] : form.errors;
    const filtered = Boolean(filter.q || filter.role || filter.show);
    return render(
      c,
      <Layout
        v={v}
        title={t("partners.title")}
        hasErrors={errors.length > 0}
        actions={
          <>
            <a class="button button--primary" href="/partners/new">
              {t("partners.new")}
            </a>
            <a class="button button--secondary" href="/partners/import">
              {t("partners.import")}
            </a>
          </>
        }
      >
        <ErrorSummary v={v} errors={errors} />
        <form method="get" action="/partners" class="filters" role="search" aria-label={t("partners.filter.label")}>
          <TextField id="q" label={t("partners.filter.search")} hint={t("partners.filter.searchHint")} type="search" value={query.q} error={errorFor(errors, "q")} maxlength={MAX_SEARCH_QUERY_CHARS} />
          <SelectField
            id="role"
            label={t("partners.filter.role")}
            value={query.role ?? ""}
            width="short"
            error={errorFor(errors, "role")}
            options={[
              { value: "", label: t("partners.filter.anyRole") },
              { value: "customer", label: t("partner.role.customer") },
              { value: "supplier", label: t("partner.role.supplier") },
            ]}
          />
          <SelectField
            id="show"
            label={t("partners.filter.show")}
            value={query.show ?? ""}
            width="short"
            error={errorFor(errors, "show")}
            options={[
              { value: "", label: t("partners.filter.current") },
              { value: "archived", label: t("partners.filter.archived") },
            ]}
          />
          <div class="filters__actions">
            <button type="submit" class="button button--secondary">
              {t("partners.filter.apply")}
            </button>
            <a href="/partners">{t("partners.filter.clear")}</a>
          </div>
        </form>
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{filtered ? t("partners.emptyFiltered") : t("partners.empty")}</p>
          </div>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t("partners.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("partners.col.name")}</th>
                  <th scope="col">{t("field.vatNumber")}</th>
                  <th scope="col">{t("field.email")}</th>
                  <th scope="col">{t("partners.col.roles")}</th>
                  <th scope="col">{t("partners.col.channels")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((partner) => {
                  const on = partner.deliveryChannels.filter((ch) => ch.enabled).map((ch) => t(ch.channel === "email" ? "channels.email" : "channels.peppol"));
                  return (
                    <tr>
                      <td class="wrap">
                        <a href={`/partners/${partner.id}`}>{partner.name}</a>
                      </td>
                      <td>{partner.vatNumber ?? "–"}</td>
                      <td class="wrap">{partner.email ?? "–"}</td>
                      <td>
                        <RoleTags v={v} partner={partner} />
                      </td>
                      <td>{on.length > 0 ? on.join(", ") : <span class="muted">{t("partners.noChannel")}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pagination v={v} path="/partners" query={new URLSearchParams(query)} nextCursor={page.nextCursor} isFirst={!filter.cursor} />
      </Layout>,
    );
  });

  const newCustomerPage = (c: Context<WebEnv>, values: PartnerFormValues, errors: FieldError[], next: Next) => {
    const v = c.get("view");
    return render(
      c,
      <Layout v={v} title={v.t("partners.newTitle")} hasErrors={errors.length > 0} lead={v.t("partners.newLead")}>
        <ErrorSummary v={v} errors={errors} />
        <form method="post" action="/partners/new" data-js-flag="">
          <Csrf v={v} />
          <input type="hidden" name="next" value={next} />
          <PartnerFields v={v} values={values} errors={errors} account={signedIn(c).account} withRoles={false} />
          <Button>{v.t("partners.create")}</Button>
        </form>
      </Layout>,
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get("/partners/new", (c) => newCustomerPage(c, {}, [], Next.parse(c.req.query("next"))));

  app.post("/partners/new", async (c) => {
    const v = c.get("view");
    const body = await c.req.parseBody({ all: true });
    const next = Next.parse(body.next);
    const form = checkForm(PartnerForm, partnerBody(body, ["customer"]), v.t);
    const values = body as PartnerFormValues;
    if (!form.ok) return newCustomerPage(c, values, form.errors, next);
    try {
      const partner = await createPartner(c.get("ctx"), signedIn(c).account, partnerFields(form.data));
      // With JavaScript the pop-up opens over the partner's page; without, it is a page of its own.
      const query = next === "upload" ? "&next=upload" : "";
      return c.redirect(body.js === "1" ? `/partners/${partner.id}?setup=channels${query}` : `/partners/${partner.id}/setup?next=${next}`, 303);
    } catch (error) {
      const errors = partnerDomainErrors(error, v.t);
      if (!errors) throw error;
      return newCustomerPage(c, values, errors, next);
    }
  });

  const profilePage = async (c: Context<WebEnv>, partner: Partner, values: PartnerFormValues, errors: FieldError[]) => {
    const v = c.get("view");
    const setup = c.req.query("setup") === "channels" && !partner.archivedAt;
    const next = Next.parse(c.req.query("next"));
    return render(
      c,
      <Layout v={v} title={partner.name} hasErrors={errors.length > 0}>
        <PartnerHeading v={v} partner={partner} />
        <Tabs v={v} partner={partner} current="profile" />
        <ErrorSummary v={v} errors={errors} />
        {partner.archivedAt ? (
          <p>{v.t("partner.archivedBody")}</p>
        ) : (
          <form method="post" action={`/partners/${partner.id}`}>
            <Csrf v={v} />
            <PartnerFields v={v} values={values} errors={errors} account={signedIn(c).account} withRoles />
            <Button>{v.t("partner.save")}</Button>
          </form>
        )}
        {setup ? (
          <Dialog id="channels-dialog" title={v.t("channels.setup.title")} openOnLoad={afterSetup(partner.id, next, "channelsSkipped")}>
            <ChannelSetup v={v} partner={partner} next={next} errors={[]} />
          </Dialog>
        ) : null}
      </Layout>,
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get("/partners/:id", async (c) => {
    const partner = await partnerPage(c);
    return profilePage(c, partner, partnerValues(partner), []);
  });

  app.post("/partners/:id", async (c) => {
    const v = c.get("view");
    const partner = await partnerPage(c);
    const body = await c.req.parseBody({ all: true });
    const form = checkForm(PartnerForm, partnerBody(body), v.t);
    const values = { ...(body as PartnerFormValues), roles: partnerBody(body).roles as string[] };
    if (!form.ok) return profilePage(c, partner, values, form.errors);
    try {
      await updatePartner(c.get("ctx"), signedIn(c).account, partner.id, partnerFields(form.data));
      return c.redirect(`/partners/${partner.id}?notice=partnerSaved`, 303);
    } catch (error) {
      const errors = partnerDomainErrors(error, v.t);
      if (!errors) throw error;
      return profilePage(c, partner, values, errors);
    }
  });

  const channelsPage = (c: Context<WebEnv>, partner: Partner, errors: FieldError[], recipients?: string) => {
    const v = c.get("view");
    return render(
      c,
      <Layout v={v} title={partner.name} hasErrors={errors.length > 0}>
        <PartnerHeading v={v} partner={partner} />
        <Tabs v={v} partner={partner} current="channels" />
        <ChannelsTab v={v} partner={partner} errors={errors} recipients={recipients} />
      </Layout>,
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get("/partners/:id/channels", async (c) => channelsPage(c, await partnerPage(c), []));

  app.post("/partners/:id/channels/email/recipients", async (c) => {
    const v = c.get("view");
    const partner = await partnerPage(c);
    const raw = String((await c.req.parseBody()).recipients ?? "");
    const read = readRecipients(raw, MAX_RECIPIENTS_PER_MESSAGE, v.t);
    const { recipients } = read;
    const problem = read.problem ?? (recipients.length === 0 && emailOf(partner).enabled && !partner.email ? v.t("channels.recipients.neededWhileOn") : null);
    if (problem) return channelsPage(c, partner, [{ field: "recipients", message: problem }], raw);
    // None given: the channel sends to the profile's address again.
    await (recipients.length > 0
      ? saveEmailRecipients(c.get("ctx"), signedIn(c).account.id, partner.id, recipients)
      : setDeliveryChannel(c.get("ctx"), signedIn(c).account.id, partner.id, { channel: "email", enabled: emailOf(partner).enabled, recipients: null }));
    return c.redirect(`/partners/${partner.id}/channels?notice=recipientsSaved`, 303);
  });

  // Registered after the recipients' route, which `:channel` would take otherwise.
  // One form per toggle: it saves at once (app.js submits it when the switch changes).
  app.post("/partners/:id/channels/:channel{email|peppol}", async (c) => {
    const v = c.get("view");
    const partner = await partnerPage(c);
    const channel = c.req.param("channel") as "email" | "peppol";
    const enabled = (await c.req.parseBody()).enabled === "on";
    try {
      await setDeliveryChannel(c.get("ctx"), signedIn(c).account.id, partner.id, { channel, enabled });
    } catch (error) {
      // The page offers the switch only when the channel can be on: this is a page older than a change to the profile.
      if (!(error instanceof AppError)) throw error;
      const message = channel === "email" ? v.t("channels.email.needsAddress") : v.t("channels.peppol.cannot");
      return channelsPage(c, partner, [{ field: `channel-${channel}`, message }]);
    }
    return c.redirect(`/partners/${partner.id}/channels?notice=${enabled ? "channelOn" : "channelOff"}`, 303);
  });

  // The pop-up as a page of its own (without JavaScript).
  const setupPage = (c: Context<WebEnv>, partner: Partner, errors: FieldError[]) => {
    const v = c.get("view");
    return render(
      c,
      <Layout v={v} title={v.t("channels.setup.title")} hasErrors={errors.length > 0}>
        <ChannelSetup v={v} partner={partner} next={Next.parse(c.req.query("next"))} errors={errors} />
      </Layout>,
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get("/partners/:id/setup", async (c) => setupPage(c, await partnerPage(c), []));

  app.post("/partners/:id/setup", async (c) => {
    const v = c.get("view");
    const partner = await partnerPage(c);
    const body = await c.req.parseBody({ all: true });
    const next = Next.parse(body.next);
    const chosen = ([] as unknown[]).concat(body.channels ?? []);
    try {
      for (const channel of ["email", "peppol"] as const) {
        if (chosen.includes(channel)) await setDeliveryChannel(c.get("ctx"), signedIn(c).account.id, partner.id, { channel, enabled: true });
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return setupPage(c, await partnerPage(c), [{ field: "channels", message: v.t("channels.setup.refused") }]);
    }
    return c.redirect(afterSetup(partner.id, next, chosen.length > 0 ? "channelsSaved" : "channelsSkipped"), 303);
  });

  app.get("/partners/:id/invoices", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const partner = await partnerPage(c);
    const accountId = signedIn(c).account.id;
    const cursor = c.req.query("cursor");
    const page = await listSalesInvoices(c.get("ctx"), accountId, { customerId: partner.id, cursor, limit: PAGE_SIZE });
    const deliveries = await deliveriesOfInvoices(c.get("ctx"), accountId, page.items.map((i) => i.id));
    return render(
      c,
      <Layout v={v} title={partner.name}>
        <PartnerHeading v={v} partner={partner} />
        <Tabs v={v} partner={partner} current="invoices" />
        {page.items.length === 0 ? (
          <div class="empty">
            <p>{t("partner.invoices.empty")}</p>
            <p>
              <a href={`/sales-invoices/new?customer=${partner.id}`}>{t("partner.invoices.upload")}</a>
            </p>
          </div>
        ) : (
          <SalesInvoiceTable v={v} caption={t("partner.tab.invoices")} invoices={page.items} deliveries={deliveries} />
        )}
        <Pagination v={v} path={`/partners/${partner.id}/invoices`} query={new URLSearchParams()} nextCursor={page.nextCursor} isFirst={!cursor} />
      </Layout>,
    );
  });
}
