import { eicar } from "./eicar.ts";
import { executable, script } from "./executables.ts";
import { bidiName, controlName, doubleExtension, executableName, pathName } from "./names.ts";
import { officeMacro } from "./office.ts";
import { pdfEmbeddedFile, pdfJavaScript, pdfLaunch, pdfRemoteAction, pdfUnreadableObjects, pdfXfaScript } from "./pdf.ts";
import type { Reason } from "../../reasons/catalogue.ts";
import type { Rule, RuleInput } from "./types.ts";
import { htmlScript, svgScript } from "./web.ts";
import { xmlDoctype } from "./xml.ts";

export type { Rule, RuleInput } from "./types.ts";

/**
 * The built-in rules, in the order they are tried; the first that fires
 * gives the reason. What a file is (its bytes) comes before what it is
 * called, so that a program named `invoice.pdf` is reported as a program.
 * To add a rule: declare its code in src/reasons/files.ts, write it beside
 * these, put it here, run `npm run docs`, and test the dangerous and the
 * nearest harmless case.
 */
export const RULES: readonly Rule[] = [
  eicar,
  executable,
  script,
  officeMacro,
  pdfJavaScript,
  pdfLaunch,
  pdfXfaScript,
  pdfRemoteAction,
  pdfEmbeddedFile,
  pdfUnreadableObjects,
  htmlScript,
  svgScript,
  xmlDoctype,
  bidiName,
  controlName,
  pathName,
  doubleExtension,
  executableName,
];

/**
 * The first rule that fires on the file, or null when none does. A file it
 * carries (checkCarried) gets every rule too, under the carrier's source;
 * only files that are not PDFs are handed to it, so the nesting ends there.
 */
export async function firstFinding(input: Omit<RuleInput, "checkCarried">): Promise<Reason | null> {
  const checkCarried: RuleInput["checkCarried"] = (bytes, originalName, detected) => firstFinding({ bytes, detected, originalName, source: input.source, pdf: null });
  for (const rule of RULES) {
    const found = await rule.check({ ...input, checkCarried });
    if (found) return found;
  }
  return null;
}
