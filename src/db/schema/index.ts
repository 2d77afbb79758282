export * from "./accounts.ts";
export * from "./api-keys.ts";
export * from "./connectors.ts";
export * from "./import-addresses.ts";
