import { ulid } from "ulidx";

/**
 * Ids are ULIDs behind a short prefix naming what they identify
 * (`acc_01JD...`): sortable by creation time, which gives lists their
 * newest-first order, and recognisable in a support conversation.
 */
export const idPrefixes = {
  account: "acc",
  apiKey: "key",
  connector: "con",
  inboundMessage: "msg",
  inboundFile: "fil",
  purchaseInvoice: "pin",
  inboxItem: "inb",
  partner: "ptn",
  salesInvoice: "sin",
  delivery: "dlv",
  deliveryEvent: "dev",
  deliveryMessage: "dms",
  user: "usr",
  session: "ses",
  invitation: "inv",
  passwordReset: "pwr",
} as const;

export type IdKind = keyof typeof idPrefixes;

export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${ulid()}`;
}

/**
 * An id of another kind sharing the ULID of `id`: a purchase invoice or an
 * inbox item made from a file takes the file's ULID, so writing it again
 * (a consumer that runs twice) hits the same primary key.
 */
export function derivedId(kind: IdKind, from: string): string {
  return `${idPrefixes[kind]}_${from.slice(from.indexOf("_") + 1)}`;
}

export function now(): string {
  return new Date().toISOString();
}
