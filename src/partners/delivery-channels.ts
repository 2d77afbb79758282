import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { deliveryChannels, type PartnerRow } from "../db/schema/index.ts";
import { inChunks } from "../db/client.ts";
import { AppError, unprocessable } from "../errors.ts";
import { checkPeppolId } from "../identifiers/peppol-id.ts";
import { now } from "../ids.ts";

export type ChannelRow = typeof deliveryChannels.$inferSelect;

export interface EmailChannel {
  channel: "email";
  enabled: boolean;
  /** Where invoices go: the channel's own recipients, or else the profile's email. */
  recipients: string[];
  recipientsFromProfile: boolean;
}

export interface PeppolChannel {
  channel: "peppol";
  enabled: boolean;
  participantId: string | null;
  participantIdFromProfile: boolean;
  /** Whether this connector can hand invoices to the Peppol connector (the PEPPOL_QUEUE binding). */
  available: boolean;
}

export type DeliveryChannel = EmailChannel | PeppolChannel;

/**
 * `recipients`/`participantId`: left out keeps what the channel has; null
 * goes back to the partner's profile; a value is the channel's own.
 */
export interface EmailChannelInput {
  enabled: boolean;
  recipients?: string[] | null | undefined;
}

export interface PeppolChannelInput {
  enabled: boolean;
  participantId?: string | null | undefined;
}

export type ChannelInput = ({ channel: "email" } & EmailChannelInput) | ({ channel: "peppol" } & PeppolChannelInput);

export function emailChannelOf(partner: PartnerRow, rows: ChannelRow[]): EmailChannel {
  const row = rows.find((r) => r.partnerId === partner.id && r.channel === "email");
  const own = row?.recipients ?? null;
  return {
    channel: "email",
    enabled: row?.enabled ?? false,
    recipients: own ?? (partner.email ? [partner.email] : []),
    recipientsFromProfile: own === null,
  };
}

export function peppolChannelOf(ctx: Ctx, partner: PartnerRow, rows: ChannelRow[]): PeppolChannel {
  const row = rows.find((r) => r.partnerId === partner.id && r.channel === "peppol");
  const own = row?.participantId ?? null;
  return {
    channel: "peppol",
    enabled: row?.enabled ?? false,
    participantId: own ?? partner.peppolId,
    participantIdFromProfile: own === null,
    available: Boolean(ctx.env.PEPPOL_QUEUE),
  };
}

/** Every channel of the partner, switched on or not, so a client sees what it can offer. */
export function describeChannels(ctx: Ctx, partner: PartnerRow, rows: ChannelRow[]): DeliveryChannel[] {
  return [emailChannelOf(partner, rows), peppolChannelOf(ctx, partner, rows)];
}

export async function channelRowsOf(ctx: Ctx, accountId: string, partnerIds: string[]): Promise<ChannelRow[]> {
  if (partnerIds.length === 0) return [];
  return inChunks(partnerIds, (chunk) =>
    ctx.db
      .select()
      .from(deliveryChannels)
      .where(and(eq(deliveryChannels.accountId, accountId), inArray(deliveryChannels.partnerId, chunk))),
  );
}

/** Case-insensitive duplicates dropped, first spelling kept. */
function distinctAddresses(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The row a channel setting becomes for `partner` (as it will be saved),
 * or a refusal that names the field (`path` prefixes it, for settings made
 * inside a partner creation).
 */
export function planChannel(ctx: Ctx, partner: PartnerRow, existing: ChannelRow[], input: ChannelInput, path = ""): ChannelRow {
  const current = existing.find((r) => r.channel === input.channel);
  const base = { partnerId: partner.id, accountId: partner.accountId, enabled: input.enabled, updatedAt: now() };
  if (input.channel === "email") {
    const recipients = input.recipients === undefined ? (current?.recipients ?? null) : input.recipients && distinctAddresses(input.recipients);
    const row: ChannelRow = { ...base, channel: "email", recipients, participantId: null };
    if (input.enabled && emailChannelOf(partner, [row]).recipients.length === 0) {
      throw unprocessable(
        `${path}recipients`,
        "To switch on email delivery, add an email address to the partner first (PATCH the partner's email), or give the channel its recipients.",
      );
    }
    return row;
  }
  let participantId = input.participantId === undefined ? (current?.participantId ?? null) : input.participantId;
  if (participantId) {
    const checked = checkPeppolId(participantId);
    if (!checked.ok) throw unprocessable(`${path}participantId`, checked.message);
    participantId = checked.value;
  }
  const row: ChannelRow = { ...base, channel: "peppol", recipients: null, participantId };
  if (input.enabled) {
    if (!ctx.env.PEPPOL_QUEUE) {
      throw new AppError(
        "CONFLICT",
        "Peppol delivery is not available on this connector: it is not connected to a Peppol connector (the operator has not bound PEPPOL_QUEUE). Use email delivery, or ask your operator.",
      );
    }
    if (!peppolChannelOf(ctx, partner, [row]).participantId) {
      throw unprocessable(
        `${path}participantId`,
        "To switch on Peppol delivery, add the partner's Peppol participant id first (peppolId, e.g. 0208:0123456749), or give the channel its participantId.",
      );
    }
  }
  return row;
}

/** Saving a plan: one row per partner and channel. */
export function saveChannel(ctx: Ctx, row: ChannelRow) {
  return ctx.db
    .insert(deliveryChannels)
    .values(row)
    .onConflictDoUpdate({
      target: [deliveryChannels.partnerId, deliveryChannels.channel],
      set: { enabled: row.enabled, recipients: row.recipients, participantId: row.participantId, updatedAt: row.updatedAt },
    });
}

/**
 * A change to the partner's profile that would leave a switched-on channel
 * with nowhere to deliver is refused, naming the channel to change first.
 */
export function assertProfileKeepsChannels(ctx: Ctx, before: PartnerRow, after: PartnerRow, rows: ChannelRow[]) {
  const email = emailChannelOf(after, rows);
  if (email.enabled && email.recipients.length === 0 && before.email) {
    throw unprocessable(
      "email",
      "Email delivery is switched on and sends to this address: switch it off, or give the channel its own recipients (PUT .../delivery-channels/email), before removing the email.",
    );
  }
  const peppol = peppolChannelOf(ctx, after, rows);
  if (peppol.enabled && !peppol.participantId && before.peppolId) {
    throw unprocessable(
      "peppolId",
      "Peppol delivery is switched on and uses this participant id: switch it off, or give the channel its own participantId, before removing it.",
    );
  }
}
