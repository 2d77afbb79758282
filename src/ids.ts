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
} as const;

export type IdKind = keyof typeof idPrefixes;

export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${ulid()}`;
}

export function now(): string {
  return new Date().toISOString();
}
