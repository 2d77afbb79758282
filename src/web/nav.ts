import type { MessageKey } from "./i18n/index.ts";

/** The main navigation, in the order of the help article. */
export const NAV: { href: string; label: MessageKey }[] = [
  { href: "/connectors", label: "nav.connectors" },
  { href: "/partners", label: "nav.partners" },
  { href: "/sales-invoices", label: "nav.salesInvoices" },
  { href: "/deliveries", label: "nav.deliveries" },
  { href: "/purchase-invoices", label: "nav.purchaseInvoices" },
  { href: "/inbox", label: "nav.inbox" },
  { href: "/team", label: "nav.team" },
  { href: "/settings", label: "nav.settings" },
];

/** The entry a path belongs to: the one whose href starts it. */
export const activeNav = (path: string) => NAV.find((entry) => path === entry.href || path.startsWith(`${entry.href}/`))?.href ?? null;
