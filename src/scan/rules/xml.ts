import { declaresDoctype, xmlText } from "../../formats/xml-text.ts";
import { rule } from "./types.ts";

export const xmlDoctype = rule("XML_DOCTYPE", ({ bytes, detected }) => (detected.family === "xml" && declaresDoctype(xmlText(bytes)) ? {} : null));
