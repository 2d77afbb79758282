import type { Catalogue } from "./en.ts";
export const fr: Catalogue = {} as Catalogue;
