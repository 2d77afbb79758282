import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles, inboundMessages, purchaseInvoices } from "../db/schema/index.ts";
import { AppError, notFound, unprocessable } from "../errors.ts";
import { derivedId } from "../ids.ts";
import { completeAgain } from "./complete.ts";

/** What a person makes of a file of a received mail. */
export type Placement = { as: "invoice" } | { as: "appendix"; purchaseInvoiceId: string };

/**
 * Reclassifies a file of a mail, as Banqup's multi-attachment dialog does:
 * a document that became an appendix becomes a purchase invoice of its own,
 * or a file becomes an appendix of another purchase invoice of the same
 * mail (the invoice it was, if any, goes away). The choice is kept on the
 * file and the mail is completed again, so that a later completion (a
 * rescan of another file of the mail) keeps it. Asking again for what
 * already holds changes nothing.
 */
export async function reclassifyFile(ctx: Ctx, accountId: string, inboundMessageId: string, fileId: string, placement: Placement): Promise<void> {
  const message = await ctx.db.query.inboundMessages.findFirst({ where: and(eq(inboundMessages.id, inboundMessageId), eq(inboundMessages.accountId, accountId)) });
  if (!message) throw notFound(`No inbound message has the id ${inboundMessageId}.`);
  const file = await ctx.db.query.inboundFiles.findFirst({
    where: and(eq(inboundFiles.id, fileId), eq(inboundFiles.inboundMessageId, message.id), eq(inboundFiles.accountId, accountId)),
  });
  if (!file) throw notFound(`The inbound message ${inboundMessageId} has no file ${fileId}.`);
  if (message.outcome === "processing") throw new AppError("CONFLICT", "The mail is still being checked: reclassify its files once it is done.");
  if (!file.purchaseInvoiceId) {
    throw new AppError(
      "CONFLICT",
      file.verdict === "document" || file.verdict === "companion"
        ? `The file "${file.name}" is not part of a purchase invoice of this mail (it was imported before, or the mail has no invoice), so it cannot be reclassified.`
        : `The file "${file.name}" was not imported (${file.verdict ?? "not yet checked"}), so it cannot be reclassified.`,
    );
  }
  const ownId = derivedId("purchaseInvoice", file.id);
  let stored: string;
  if (placement.as === "invoice") {
    if (file.verdict !== "document") throw unprocessable("as", `The file "${file.name}" is not an invoice document (a PDF, an image or an e-invoice), so it can only be an appendix.`);
    if (file.purchaseInvoiceId === ownId) return;
    const elsewhere = await ctx.db.query.purchaseInvoices.findFirst({ where: and(eq(purchaseInvoices.accountId, accountId), eq(purchaseInvoices.sha256, file.sha256)) });
    if (elsewhere && elsewhere.inboundMessageId !== message.id) {
      throw new AppError("CONFLICT", `The same file is already the purchase invoice ${elsewhere.id}: it cannot be imported twice.`);
    }
    stored = "invoice";
  } else {
    const target = await ctx.db.query.purchaseInvoices.findFirst({
      where: and(eq(purchaseInvoices.id, placement.purchaseInvoiceId), eq(purchaseInvoices.accountId, accountId), eq(purchaseInvoices.inboundMessageId, message.id)),
    });
    if (!target) throw unprocessable("purchaseInvoiceId", `The mail has no purchase invoice ${placement.purchaseInvoiceId}: a file can only be an appendix of an invoice of the same mail.`);
    if (target.fileId === file.id) throw unprocessable("purchaseInvoiceId", "A file cannot be an appendix of the invoice it is.");
    if (file.purchaseInvoiceId === target.id && file.placement === target.id) return;
    stored = target.id;
  }
  await ctx.db.update(inboundFiles).set({ placement: stored }).where(and(eq(inboundFiles.id, file.id), eq(inboundFiles.accountId, accountId)));
  await completeAgain(ctx, message);
  console.log(JSON.stringify({ msg: "file reclassified", inboundMessageId: message.id, fileId: file.id, placement: stored, accountId }));
}
