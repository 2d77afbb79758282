import type { Catalogue } from "./en.ts";
export const nl: Catalogue = {} as Catalogue;
