import { eicar } from "./eicar.ts";
import { executable, script } from "./executables.ts";
import { bidiName, controlName, doubleExtension, executableName, pathName } from "./names.ts";
import { officeMacro } from "./office.ts";
import { pdfEmbeddedFile, pdfJavaScript, pdfLaunch, pdfUnreadableObjects } from "./pdf.ts";
import type { Rule, RuleInput } from "./types.ts";
import { htmlScript, svgScript } from "./web.ts";
import { xmlDoctype } from "./xml.ts";

export { CONTAINER_FINDINGS, type ContainerFinding } from "./archives.ts";
export type { Rule, RuleInput } from "./types.ts";

/**
 * The built-in rules, in the order they are tried; the first that fires
 * gives the reason. What a file is (its bytes) comes before what it is
 * called, so that a program named `invoice.pdf` is reported as a program.
 * To add a rule: write it beside these, put it here, and add it to the
 * README's table with a test for the dangerous and the nearest harmless case.
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

export interface Finding {
  code: string;
  reason: string;
}

/** The first rule that fires on the file, or null when none does. */
export async function firstFinding(input: RuleInput): Promise<Finding | null> {
  for (const rule of RULES) {
    const reason = await rule.check(input);
    if (reason) return { code: rule.code, reason };
  }
  return null;
}
