import { describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { MAX_INBOX_ITEMS_PER_MAIL } from "../../src/limits.ts";
import { makeExe, makePdf } from "../helpers/documents.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";

describe("a mail with more files than the limit", () => {
  it("imports the first 100, says in the inbox that the rest was not taken, and lists them all in one page", async () => {
    const account = await createAccountWithConnector();
    const pdfs = Array.from({ length: 101 }, (_, i) => attachment(`invoice-${i}.pdf`, "application/pdf", makePdf(`many ${i}`)));
    const message = await deliverAndSettle(mail(multipart("mixed", text("All invoices of the year"), ...pdfs), { to: account.vatAddress }), account, {});
    expect(message.outcome).toBe("partially_imported");
    expect(message.documents).toHaveLength(100);

    const [notice] = (await call("GET", "/v1/inbox", { token: account.apiKey })).body.items;
    expect(notice).toMatchObject({ kind: "unsupported", reasonCode: "MAIL_TOO_MANY_FILES", attachment: null });
    expect(notice.reason).toContain('"invoice-100.pdf"');

    // More rows than D1 binds parameters in one statement: the page's lookups go in chunks.
    const page = await call("GET", "/v1/purchase-invoices?limit=200", { token: account.apiKey });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(100);
    expect(page.body.items.every((i: any) => i.file.name.startsWith("invoice-"))).toBe(true);
    expect((await call("GET", "/v1/inbound-messages?limit=200", { token: account.apiKey })).body.items[0].files).toHaveLength(100);
  }, 60_000); // 101 files through ingest, scan and completion: seconds more than the default on a busy machine

  it("never makes more inbox items than the per-mail limit: the rest of the bad files share one", async () => {
    const account = await createAccountWithConnector();
    const programs = Array.from({ length: 30 }, (_, i) => attachment(`setup-${i}.exe`, "application/octet-stream", makeExe()));
    const message = await deliverAndSettle(mail(multipart("mixed", text("Run these"), ...programs), { to: account.vatAddress }), account, {});
    expect(message).toMatchObject({ outcome: "flagged", documents: [] });
    expect(message.files).toHaveLength(30);
    expect(message.inboxItems).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);

    const items = (await call("GET", "/v1/inbox?limit=100", { token: account.apiKey })).body.items;
    expect(items).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);
    const grouped = 30 - (MAX_INBOX_ITEMS_PER_MAIL - 1);
    expect(items.filter((item: any) => item.reasonCode === "EXECUTABLE")).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL - 1);
    const group = items.find((item: any) => item.reasonCode === "MORE_FILES_NOT_IMPORTED");
    expect(group).toMatchObject({ kind: "malicious", attachment: null });
    expect(group.reason).toBe(`${grouped} more files of this mail were not imported (${grouped} dangerous). The mail lists each of them with its reason.`);
    // Each file keeps its own reason on the mail.
    expect(message.files.every((f: any) => f.verdict === "malicious" && f.reasonCode === "EXECUTABLE")).toBe(true);
  }, 60_000); // 30 files through ingest, scan and completion
});
