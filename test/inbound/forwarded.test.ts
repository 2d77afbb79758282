import { describe, expect, it } from "vitest";
import { MAX_FORWARD_DEPTH } from "../../src/limits.ts";
import { makePdf } from "../helpers/documents.ts";
import { attachment, forwarded, html, mail, multipart, text, transportHeaders, withHeadersFirst } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * A supplier's accountant forwarding an invoice is the most common way
 * invoices arrive. The forwarded mail is recognised whatever field its
 * header block starts with and however long that block is, and also by
 * what the sender declared (message/rfc822, an .eml name).
 */
const original = (options: Parameters<typeof mail>[1] = {}) =>
  mail(multipart("mixed", multipart("alternative", text("Invoice 2026-118 attached."), html("<p>Invoice 2026-118 attached.</p>")), attachment("INV-2026-118.pdf", "application/pdf", makePdf())), {
    subject: "Invoice 2026-118",
    to: "ap@acme.example",
    ...options,
  });

const forwarding = (inner: Uint8Array, name: string | null = "Invoice 2026-118.eml") => (to: string) =>
  mail(multipart("mixed", text("Forwarding the invoice below."), forwarded(inner, name)), { to, subject: "FW: Invoice 2026-118", from: "Accounts <accounts@supplier.example>" });

describe("forwarded mails are opened", () => {
  it("when the forwarded mail starts with Content-Type", async () => {
    const inner = withHeadersFirst(original(), ["Content-Type", "MIME-Version"]);
    expect(new TextDecoder().decode(inner.subarray(0, 13))).toBe("Content-Type:");
    const r = await receiveMail(forwarding(inner));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices).toHaveLength(1);
    expect(r.invoices[0]).toMatchObject({ format: "pdf", file: { name: "INV-2026-118.pdf" } });
    expect(r.message.files).toMatchObject([{ name: "INV-2026-118.pdf", path: "Invoice 2026-118.eml (Invoice 2026-118) › INV-2026-118.pdf", verdict: "document" }]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["Invoice 2026-118.eml (Invoice 2026-118) › part 1.1", "body"],
      ["Invoice 2026-118.eml (Invoice 2026-118) › part 1.2", "body"],
    ]);
  });

  it("when its header block is 6 KB of Office 365 transport fields, opened by ARC-Seal", async () => {
    const inner = original({ before: transportHeaders(6 * 1024, "ARC-Seal") });
    const head = new TextDecoder("latin1").decode(inner);
    expect(head.startsWith("ARC-Seal:")).toBe(true);
    expect(head.indexOf("\r\n\r\n")).toBeGreaterThan(6 * 1024);
    const r = await receiveMail(forwarding(inner));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["INV-2026-118.pdf"]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped().map(([, why]) => why)).toEqual(["body", "body", "body"]);
  });

  it.each(["DKIM-Signature", "Authentication-Results"] as const)("when it starts with %s and no name says it is a mail", async (first) => {
    const inner = original({ before: transportHeaders(2 * 1024, first) });
    const r = await receiveMail(forwarding(inner, null));
    expect(r.message.outcome).toBe("imported");
    expect(r.message.files).toMatchObject([{ path: "forwarded.eml (Invoice 2026-118) › INV-2026-118.pdf" }]);
  });

  it("when it was saved from a mailbox (an mbox From line first) and sent as an .eml octet-stream", async () => {
    const inner = new TextEncoder().encode(`From accounts@supplier.example Thu Nov 26 09:58:03 2026\r\n${new TextDecoder("latin1").decode(original())}`);
    const r = await receiveMail((to) => mail(multipart("mixed", text("See the mail attached."), attachment("Invoice 2026-118.eml", "application/octet-stream", inner)), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.message.files).toMatchObject([{ path: "Invoice 2026-118.eml (Invoice 2026-118) › INV-2026-118.pdf" }]);
  });

  it("when the sender declared message/rfc822 and the mail holds only a MIME entity (no From, no Date)", async () => {
    const entity = new TextEncoder().encode(
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nInvoice\r\n--b1\r\nContent-Type: application/pdf; name="entity.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        makePdf().toBase64() +
        "\r\n--b1--\r\n",
    );
    const r = await receiveMail(forwarding(entity, null));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["entity.pdf"]);
  });

  it("but a text file that only starts like headers is no mail: it stays an appendix", async () => {
    const notes = "Date: 2026-11-02\r\nHours: 8\r\nProject: Fit-out\r\n\r\nWork done on site.";
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("hours.txt", "text/plain", notes)), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices[0].appendices.map((a: any) => a.name)).toEqual(["hours.txt"]);
  });

  it("within the forward depth limit: a mail forwarded deeper is not opened, and the inbox says so", async () => {
    let inner = original();
    for (let i = 0; i <= MAX_FORWARD_DEPTH; i++) inner = mail(multipart("mixed", text(`forward ${i}`), forwarded(withHeadersFirst(inner, ["Content-Type"]), `level-${i}.eml`)), { subject: `Fwd ${i}` });
    const r = await receiveMail((to) => mail(multipart("mixed", text("deep"), forwarded(inner, "deep.eml")), { to }));
    expect(r.message.outcome).toBe("flagged");
    expect(r.invoices).toEqual([]);
    expect(r.inbox).toMatchObject([{ kind: "unsupported", reasonCode: "FORWARDS_TOO_DEEP" }]);
  });
});
