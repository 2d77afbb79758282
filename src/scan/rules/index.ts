import { eicar } from "./eicar.ts";
import { executable, script } from "./executables.ts";
import { bidiName, controlName, doubleExtension, executableName, pathName } from "./names.ts";
import { officeMacro } from "./office.ts";
import { pdfEmbeddedFile, pdfJavaScript, pdfLaunch, pdfUnreadableObjects } from "./pdf.ts";
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

/** The first rule that fires on the file, or null when none does. */
export async function firstFinding(input: RuleInput): Promise<Reason | null> {
  for (const rule of RULES) {
    const found = await rule.check(input);
    if (found) return found;
  }
  return null;
}
