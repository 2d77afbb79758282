import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call, expectError } from "../helpers/api.ts";
import { makeExe, makePdf } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";

type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

/**
 * The receiving routes as an integrator uses them: one account with a few
 * mails received, and another account that must see none of it.
 */
let owner: Account;
let stranger: Account;
let pdfMessage: any;
let xmlMessage: any;
let flaggedMessage: any;
const pdfBytes = makePdf("route tests");

beforeAll(async () => {
  owner = await createAccountWithConnector();
  stranger = await createAccountWithConnector();
  pdfMessage = await deliverAndSettle(
    mail(multipart("mixed", text("x"), attachment("Factuur «2026-17».pdf", "application/pdf", pdfBytes)), { to: owner.vatAddress, subject: "Factuur november", from: "Boekhouding <boekhouding@leverancier.example>" }),
    owner,
  );
  xmlMessage = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("INV-9.xml", "application/xml", ublXml("INV-9"))), { to: owner.vatAddress, subject: "E-invoice" }), owner);
  flaggedMessage = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("tool.exe", "application/octet-stream", makeExe())), { to: owner.vatAddress, subject: "Tool" }), owner);
});

const get = (path: string, account: Account = owner) => call("GET", path, { token: account.apiKey });

describe("GET /v1/purchase-invoices", () => {
  it("lists newest first, with the mail each came from", async () => {
    const response = await get("/v1/purchase-invoices");
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: any) => i.source.inboundMessageId)).toEqual([xmlMessage.id, pdfMessage.id]);
    expect(response.body.items[1]).toMatchObject({
      status: "received",
      format: "pdf",
      file: { name: "Factuur «2026-17».pdf", contentType: "application/pdf", size: pdfBytes.length },
      source: { channel: "email", from: "Boekhouding <boekhouding@leverancier.example>", subject: "Factuur november", address: owner.vatAddress },
      warnings: [],
      invoice: null,
    });
  });

  it.each([
    ["format=ubl", () => [xmlMessage.documents[0]]],
    ["format=pdf", () => [pdfMessage.documents[0]]],
    ["status=received", () => [xmlMessage.documents[0], pdfMessage.documents[0]]],
    ["q=FACTUUR", () => [pdfMessage.documents[0]]],
    ["q=leverancier.example", () => [pdfMessage.documents[0]]],
    ["q=100%25", () => []],
    ["receivedAfter=2000-01-01T00:00:00Z", () => [xmlMessage.documents[0], pdfMessage.documents[0]]],
    ["receivedBefore=2000-01-01T00:00:00%2B01:00", () => []],
  ])("filters by %s", async (query, expected) => {
    const response = await get(`/v1/purchase-invoices?${query}`);
    expect(response.body.items.map((i: any) => i.id)).toEqual(expected());
  });

  it("pages with a cursor", async () => {
    const first = await get("/v1/purchase-invoices?limit=1");
    expect(first.body.items).toHaveLength(1);
    const second = await get(`/v1/purchase-invoices?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each(["format=docx", "receivedAfter=yesterday", "status=paid", "limit=500"])("refuses %s", async (query) => {
    expectError(await get(`/v1/purchase-invoices?${query}`), 400, "VALIDATION_FAILED");
  });

  it("shows another account nothing", async () => {
    expect((await get("/v1/purchase-invoices", stranger)).body.items).toEqual([]);
  });
});

describe("GET /v1/purchase-invoices/{id} and its file", () => {
  it("returns the invoice", async () => {
    const response = await get(`/v1/purchase-invoices/${pdfMessage.documents[0]}`);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(pdfMessage.documents[0]);
  });

  it("serves the file as a download that is never rendered", async () => {
    const response = await exports.default.fetch(
      new Request(`https://connector.test/v1/purchase-invoices/${pdfMessage.documents[0]}/file`, { headers: { Authorization: `Bearer ${owner.apiKey}` } }),
    );
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdfBytes);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="Factuur _2026-17_.pdf"; filename*=UTF-8''Factuur%20%C2%AB2026-17%C2%BB.pdf`);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(response.headers.get("X-Request-Id")).toBeTruthy();
  });

  it.each([
    (id: string) => `/v1/purchase-invoices/${id}`,
    (id: string) => `/v1/purchase-invoices/${id}/file`,
    (id: string) => `/v1/purchase-invoices/${id}/appendices/fil_00000000000000000000000000/file`,
  ])("answers 404 to another account (%#)", async (path) => {
    expectError(await get(path(pdfMessage.documents[0]), stranger), 404, "NOT_FOUND");
  });

  it("answers 404 for an appendix that is not the invoice's", async () => {
    expectError(await get(`/v1/purchase-invoices/${pdfMessage.documents[0]}/appendices/${xmlMessage.files[0].id}/file`), 404, "NOT_FOUND");
  });
});

describe("GET /v1/inbox and POST /v1/inbox/{id}/resolve", () => {
  it("lists what was not imported, and filters by kind and resolution", async () => {
    const all = await get("/v1/inbox");
    expect(all.body.items).toHaveLength(1);
    expect(all.body.items[0]).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE", resolved: false, message: { inboundMessageId: flaggedMessage.id, subject: "Tool" } });
    expect((await get("/v1/inbox?kind=invalid")).body.items).toEqual([]);
    expect((await get("/v1/inbox?resolved=true")).body.items).toEqual([]);
    expectError(await get("/v1/inbox?kind=spam"), 400, "VALIDATION_FAILED");
  });

  it("resolves an item, idempotently, and only the owner can", async () => {
    const [item] = (await get("/v1/inbox")).body.items;
    expectError(await call("POST", `/v1/inbox/${item.id}/resolve`, { token: stranger.apiKey }), 404, "NOT_FOUND");
    const resolved = await call("POST", `/v1/inbox/${item.id}/resolve`, { token: owner.apiKey });
    expect(resolved.body).toMatchObject({ id: item.id, resolved: true, resolvedAt: expect.any(String) });
    const again = await call("POST", `/v1/inbox/${item.id}/resolve`, { token: owner.apiKey });
    expect(again.body.resolvedAt).toBe(resolved.body.resolvedAt);
    expect((await get("/v1/inbox?resolved=true")).body.items.map((i: any) => i.id)).toEqual([item.id]);
    expect((await get("/v1/inbox", stranger)).body.items).toEqual([]);
  });
});

describe("GET /v1/inbound-messages", () => {
  it("lists every mail with its outcome; filters by outcome and Message-ID", async () => {
    const all = await get("/v1/inbound-messages");
    expect(all.body.items.map((m: any) => [m.id, m.outcome])).toEqual([
      [flaggedMessage.id, "flagged"],
      [xmlMessage.id, "imported"],
      [pdfMessage.id, "imported"],
    ]);
    expect((await get("/v1/inbound-messages?outcome=flagged")).body.items.map((m: any) => m.id)).toEqual([flaggedMessage.id]);
    expect((await get(`/v1/inbound-messages?messageId=${encodeURIComponent(`<${pdfMessage.messageId}>`)}`)).body.items.map((m: any) => m.id)).toEqual([pdfMessage.id]);
    expectError(await get("/v1/inbound-messages?outcome=lost"), 400, "VALIDATION_FAILED");
  });

  it("gets one, with its files and verdicts; another account gets 404", async () => {
    const response = await get(`/v1/inbound-messages/${flaggedMessage.id}`);
    expect(response.body).toMatchObject({ outcome: "flagged", documents: [], inboxItems: [expect.any(String)], files: [{ name: "tool.exe", verdict: "malicious", reasonCode: "EXECUTABLE" }] });
    expectError(await get(`/v1/inbound-messages/${flaggedMessage.id}`, stranger), 404, "NOT_FOUND");
    expect((await get("/v1/inbound-messages", stranger)).body.items).toEqual([]);
  });
});

describe("the connector's statistics", () => {
  it("count what arrived", async () => {
    const connector = await get("/v1/connectors/email");
    expect(connector.body.stats).toEqual({ messagesReceived: 3, documentsImported: 2, documentsFlagged: 1, lastReceivedAt: flaggedMessage.receivedAt, deferred: { count: 0, lastAt: null, lastSender: null } });
    expect((await get("/v1/connectors/email", stranger)).body.stats).toEqual({ messagesReceived: 0, documentsImported: 0, documentsFlagged: 0, lastReceivedAt: null, deferred: { count: 0, lastAt: null, lastSender: null } });
  });
});
