import type { MessageKey } from "./i18n/index.ts";

/**
 * What a page can say after a redirect (`?notice=<name>`): a closed list, so
 * that a link can never make a page show words of its own choosing.
 */
export const NOTICES = [
  "signedOut",
  "signedOutEverywhere",
  "passwordChanged",
  "passwordReset",
  "resetLinkSent",
  "languageSaved",
  "profileSaved",
  "connectorInstalled",
  "connectorActivated",
  "connectorDeactivated",
  "itemResolved",
  "rescanStarted",
  "fileReclassified",
  "invitationSent",
  "invitationNotMailed",
  "invitationRevoked",
  "memberRemoved",
  "apiKeyRevoked",
  "welcome",
  "partnerSaved",
  "channelOn",
  "channelOff",
  "recipientsSaved",
  "channelsSaved",
  "channelsSkipped",
  "invoiceUploaded",
  "invoiceSent",
  "deliveryRetried",
] as const;
export type Notice = (typeof NOTICES)[number];

export function isNoticeKey(name: string): name is Notice {
  return (NOTICES as readonly string[]).includes(name);
}

export const noticeMessage = (notice: Notice): MessageKey => `notice.${notice}`;
