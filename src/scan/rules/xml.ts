import { declaresDoctype, xmlText } from "../../formats/xml-text.ts";
import type { Rule } from "./types.ts";

export const xmlDoctype: Rule = {
  code: "XML_DOCTYPE",
  description: "XML declaring a DOCTYPE or entities (in UTF-8 or UTF-16), as entity expansion attacks do (billion laughs, external entities); no e-invoice needs one.",
  check: ({ bytes, detected }) =>
    detected.family === "xml" && declaresDoctype(xmlText(bytes))
      ? "The XML declares a DOCTYPE or entities, as XML attacks do; e-invoices never need one."
      : null,
};
