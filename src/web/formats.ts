import type { DocumentFormat } from "../db/schema/index.ts";
import type { View } from "./view.ts";

/** Format names are the formats' own, except "image", which is a word. */
export function formatName(v: View, format: DocumentFormat): string {
  const names: Record<DocumentFormat, string> = { pdf: "PDF", image: v.t("format.image"), ubl: "UBL", cii: "CII", facturx: "Factur-X", zugferd: "ZUGFeRD", xrechnung: "XRechnung" };
  return names[format];
}

/** SPF, DKIM and DMARC verdicts as the Authentication-Results header gives them: pass, fail and none in words, the rest as written. */
export function authVerdict(v: View, verdict: string | null): string {
  if (verdict === null) return v.t("auth.unknown");
  if (verdict === "pass") return v.t("auth.pass");
  if (verdict === "fail") return v.t("auth.fail");
  if (verdict === "none") return v.t("auth.none");
  return verdict;
}
