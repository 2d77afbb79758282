import type { Ctx } from "../context.ts";
import { sha256Hex } from "../bytes.ts";
import { visibleName } from "../formats/file-names.ts";
import { reason, reasonColumns, type Reason } from "../reasons/catalogue.ts";
import { CarriedFilesUnreadable, carriedFiles, type CarriedFile } from "./carried.ts";
import { ClamdUnavailableError, clamdTarget, scanBytes } from "./clamd.ts";
import { BUILT_IN, decide, type Decision, type ScanSubject } from "./decide.ts";

/** ClamAV, named in inbox items as the scanner that fired. */
export const CLAMAV = "clamav";

/**
 * Every check on one file: the built-in rules, then ClamAV when it is
 * configured, and, for a document and when `withCarried`, the same on each
 * file it carries (checkCarried). Throws ClamdUnavailableError when ClamAV
 * gives no answer: the caller waits rather than let the file through.
 */
export async function checkFile(ctx: Ctx, accountId: string, subject: ScanSubject, withCarried: boolean): Promise<{ decision: Decision; carried: CheckedCarriedFile[] }> {
  const decision = await scan(ctx, subject);
  return decision.verdict === "document" && withCarried ? scanCarried(ctx, accountId, subject.bytes, decision) : { decision, carried: [] };
}

/** A carried file checked, with what its row needs. */
export interface CheckedCarriedFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  r2Key: string;
  decision: Decision;
}

/**
 * Checks each file an invoice carries with every rule and ClamAV, as a file
 * of its own. The first that is malicious (or carried files that cannot be
 * decoded) makes the invoice malicious, and none is kept; otherwise they are
 * kept, each once, to become appendices. ClamAV being away throws, so the
 * invoice waits with them.
 */
async function scanCarried(ctx: Ctx, accountId: string, bytes: Uint8Array, decision: Decision): Promise<{ decision: Decision; carried: CheckedCarriedFile[] }> {
  const refused = (why: Reason, signature: string | null = null): { decision: Decision; carried: CheckedCarriedFile[] } => ({
    decision: notImported(decision, "malicious", why, signature ? CLAMAV : BUILT_IN, signature),
    carried: [],
  });
  let files: CarriedFile[];
  try {
    files = await carriedFiles(bytes);
  } catch (error) {
    if (error instanceof CarriedFilesUnreadable) return refused(reason("CARRIED_FILE_REFUSED", { problem: "unreadable", detail: error.message }));
    throw error;
  }
  const carried: CheckedCarriedFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const sha256 = await sha256Hex(file.bytes);
    if (seen.has(`${sha256}/${file.name}`)) continue;
    seen.add(`${sha256}/${file.name}`);
    const checked = await scan(ctx, { bytes: file.bytes, originalName: file.name, source: "carried" });
    if (checked.verdict === "malicious") {
      return refused(reason("CARRIED_FILE_REFUSED", { problem: "flagged", name: visibleName(file.name), code: checked.reasonCode ?? "VIRUS_FOUND", signature: checked.signature }), checked.signature);
    }
    carried.push({ ...file, sha256, r2Key: `files/${accountId}/${sha256}`, decision: checked });
  }
  return { decision, carried };
}

/**
 * The built-in rules, then ClamAV when it is configured. What the rules
 * call malicious stays so; every other file also goes to ClamAV, including
 * those we would not import, so that an infected one shows as malicious
 * with its signature rather than as unsupported.
 */
async function scan(ctx: Ctx, subject: ScanSubject): Promise<Decision> {
  const decision = await decide(subject);
  const target = clamdTarget(ctx.config);
  if (decision.verdict === "malicious" || !target) return decision;
  const result = await scanBytes(target, subject.bytes);
  switch (result.verdict) {
    case "clean":
      return decision;
    case "infected":
      return notImported(decision, "malicious", reason("VIRUS_FOUND", { signature: result.signature }), CLAMAV, result.signature);
    case "limit_exceeded":
      // Out of scan time is clamd being busy: another attempt may finish.
      if (result.limit === "MaxScanTime") throw new ClamdUnavailableError("timeout", "clamd ran out of scan time (MaxScanTime) before it finished the file");
      // Any other limit gives the same answer next time: no retries, but a rescan once the operator has raised it.
      return notImported(decision, "scan_failed", reason("SCAN_LIMIT_EXCEEDED", { limit: result.limit }), CLAMAV, null);
  }
}

/** What the rules decided, overruled: the file is not imported, for `why`, as `scanner` found. */
function notImported(decision: Decision, verdict: "malicious" | "scan_failed", why: Reason, scanner: string, signature: string | null): Decision {
  return { ...decision, verdict, ...reasonColumns(why), format: null, einvoice: null, scanner, signature };
}
