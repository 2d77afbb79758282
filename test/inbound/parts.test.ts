import { describe, expect, it } from "vitest";
import { call } from "../helpers/api.ts";
import { makePdf, makeZip } from "../helpers/documents.ts";
import { attachment, forwarded, html, mail, multipart, text, type Leaf } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * Every part of a mail is accounted for: it became a file (`files`), or it
 * is listed in `skippedParts` with why. Nothing is dropped without a word.
 */
const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:42@supplier.example\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Payment call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
const vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jan Peeters\r\nEMAIL:jan@supplier.example\r\nEND:VCARD\r\n";
const unnamed = (type: string, body: string, disposition: "attachment" | null): Leaf => ({
  headers: [["Content-Type", `${type}; charset=utf-8`], ...(disposition ? ([["Content-Disposition", disposition]] as [string, string][]) : [])],
  body,
  encoding: "8bit",
});

describe("every part accounted for", () => {
  it("a mail of many kinds of parts: each is a file or a skipped part with why", async () => {
    const pdf = makePdf();
    const r = await receiveMail((to) =>
      mail(
        multipart(
          "mixed",
          multipart("alternative", text("Invoice and meeting"), unnamed("text/watch-html", "<b>Invoice and meeting</b>", null), html("<p>Invoice and meeting</p>")),
          attachment("INV-1.pdf", "application/pdf", pdf),
          attachment("INV-1.pdf", "application/pdf", pdf),
          attachment("invite.ics", "text/calendar; method=REQUEST", ics),
          attachment("Jan Peeters.vcf", "text/vcard", vcard),
          unnamed("text/plain", "-- \r\nMailing list footer: unsubscribe at https://lists.example/", "attachment"),
          attachment("empty.zip", "application/zip", makeZip({})),
          // Older Mac mail: the file's resource fork, then the file, in a multipart/appledouble.
          multipart("appledouble", attachment("scan.pdf", "application/applefile", new Uint8Array([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, ...new Uint8Array(40)])), attachment("scan.pdf", "application/pdf", makePdf())),
        ),
        { to },
      ),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.message.files.map((f: any) => f.name)).toEqual(["INV-1.pdf", "scan.pdf"]);
    expect(r.skipped()).toEqual([
      ["part 1.1", "body"],
      ["part 1.2", "body"],
      ["part 1.3", "body"],
      ["INV-1.pdf", "duplicate_part"],
      ["invite.ics", "calendar"],
      ["Jan Peeters.vcf", "contact_card"],
      ["part 6", "body"],
      ["empty.zip", "empty"],
      ["scan.pdf", "resource_fork"],
    ]);
    expect(r.message.skippedParts[3]).toMatchObject({ section: "3", name: "INV-1.pdf", contentType: "application/pdf", size: pdf.length, reason: 'The same file as "INV-1.pdf" in this mail, taken once.' });
    expect(r.message.skippedPartsOmitted).toBe(0);
    expect(r.inbox).toEqual([]);
  });

  it("Exchange's body pieces (ATT00001.txt after an attachment) and headers shown as text are parts of the message", async () => {
    const r = await receiveMail((to) =>
      mail(
        multipart(
          "mixed",
          text("Invoice attached."),
          attachment("INV-3.pdf", "application/pdf", makePdf()),
          attachment("ATT00001.txt", "text/plain", "_______________\r\nList footer: unsubscribe at https://lists.example/\r\n"),
          { headers: [["Content-Type", "text/rfc822-headers; protected-headers=v1"], ["Content-Disposition", "inline"]], body: "Subject: INV-3\r\nFrom: a@b.example\r\n", encoding: "7bit" },
        ),
        { to },
      ),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices[0]).toMatchObject({ file: { name: "INV-3.pdf" }, appendices: [] });
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["ATT00001.txt", "body"],
      ["part 4", "body"],
    ]);
  });

  it("renders why in the reader's language", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to }));
    const fr = await call("GET", `/v1/inbound-messages/${r.message.id}`, { token: r.account.apiKey, headers: { "Accept-Language": "nl" } });
    expect(fr.body.skippedParts).toEqual([{ path: "part 1", section: "1", name: null, contentType: "text/plain", size: expect.any(Number), why: "body", reason: "De tekst van de e-mail, die als bericht wordt gelezen en niet als bestand." }]);
  });

  it("a forwarded mail's parts are listed where they were", async () => {
    const inner = mail(multipart("mixed", multipart("alternative", text("a"), html("<p>a</p>")), attachment("INV-2.pdf", "application/pdf", makePdf())), { subject: "March" });
    const r = await receiveMail((to) => mail(multipart("mixed", text("fwd"), forwarded(inner, "March.eml")), { to }));
    expect(r.message.files.map((f: any) => f.path)).toEqual(["March.eml (March) › INV-2.pdf"]);
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["March.eml (March) › part 1.1", "body"],
      ["March.eml (March) › part 1.2", "body"],
    ]);
  });
});

describe("empty attachments", () => {
  it("a mail whose only .pdf is 0 bytes: the inbox names the empty file, not 'no invoice attached'", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("Here is the invoice"), attachment("Factuur 2026-031.pdf", "application/pdf", new Uint8Array())), { to, from: "Jan Peeters <jan@supplier.example>" }));
    expect(r.message.outcome).toBe("flagged");
    expect(r.message.files).toEqual([]);
    expect(r.inbox).toHaveLength(1);
    expect(r.inbox[0]).toMatchObject({ kind: "invalid", reasonCode: "EMPTY_ATTACHMENT", attachment: null });
    expect(r.inbox[0].reason).toBe(
      'The attachment "Factuur 2026-031.pdf" of the mail from Jan Peeters <jan@supplier.example> is empty (0 bytes), so there was nothing to import. Ask the sender to attach it again.',
    );
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["Factuur 2026-031.pdf", "empty"],
    ]);
    const de = await call("GET", `/v1/inbox/${r.inbox[0].id}`, { token: r.account.apiKey, headers: { "Accept-Language": "de" } });
    expect(de.body.reason).toContain("„Factuur 2026-031.pdf“");
  });

  it("an empty picture in the text (a broken signature logo) is listed, and no alarm is raised", async () => {
    const r = await receiveMail((to) =>
      mail(
        multipart(
          "mixed",
          multipart("related", html('<p>Regards</p><img src="cid:logo">'), attachment("logo.png", "image/png", new Uint8Array(), { disposition: "inline", contentId: "logo" })),
          attachment("a.pdf", "application/pdf", makePdf()),
          attachment("image002.png", "image/png", new Uint8Array()),
        ),
        { to },
      ),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([
      ["part 1.1", "body"],
      ["logo.png", "empty"],
      ["image002.png", "empty"],
    ]);
  });

  it("an empty .pdf beside a good one: the good one is imported, and the inbox names the empty one", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("Two invoices"), attachment("ok.pdf", "application/pdf", makePdf()), attachment("second.pdf", "application/pdf", new Uint8Array())), { to }));
    expect(r.message.outcome).toBe("partially_imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["ok.pdf"]);
    expect(r.inbox).toMatchObject([{ kind: "invalid", reasonCode: "EMPTY_ATTACHMENT" }]);
    expect(r.inbox[0].reason).toContain('"second.pdf"');
  });
});
