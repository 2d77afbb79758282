export * from "./accounts.ts";
export * from "./api-keys.ts";
export * from "./connectors.ts";
export * from "./import-addresses.ts";
export * from "./inbound-messages.ts";
export * from "./inbound-files.ts";
export * from "./purchase-invoices.ts";
export * from "./inbox-items.ts";
