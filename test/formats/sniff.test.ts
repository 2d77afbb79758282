import { describe, expect, it } from "vitest";
import { sniff } from "../../src/formats/sniff.ts";
import { makeDocx, makeExe, makeJpeg, makePdf, makePng, makeTnef, makeZip } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { mail, text, transportHeaders, withHeadersFirst } from "../helpers/mime.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("sniff: the type comes from the bytes", () => {
  it.each([
    ["a PDF", () => makePdf(), "pdf", "pdf"],
    ["a PNG", () => makePng(300, 300), "image", "png"],
    ["a JPEG", () => makeJpeg(1000, 1400), "image", "jpg"],
    ["a Windows executable", () => makeExe(), "executable", "exe"],
    ["a DOCX", () => makeDocx(), "office", "docx"],
    ["a ZIP", () => makeZip({ "a.pdf": makePdf() }), "archive", "zip"],
    ["a TNEF stream", () => makeTnef([]), "tnef", "tnef"],
    ["UBL XML", () => ublXml(), "xml", "xml"],
    ["XML with a BOM and a comment first", () => bytes('\uFEFF<?xml version="1.0"?><!-- x --><Invoice/>'), "xml", "xml"],
    ["an SVG", () => bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), "svg", "svg"],
    ["an HTML page", () => bytes("<!DOCTYPE html><html><body>x</body></html>"), "html", "html"],
    ["a shell script", () => bytes("#!/bin/sh\nrm -rf /\n"), "script", "sh"],
    ["a CSV", () => bytes("a;b;c\n1;2;3\n4;5;6\n"), "text", "csv"],
    ["plain text", () => bytes("Dear customer,\nthanks.\n"), "text", "txt"],
    ["Latin-1 text", () => Uint8Array.from("Créé à Liège\n", (c) => c.charCodeAt(0)), "text", "txt"],
    ["a mail", () => bytes("From: a@b.example\r\nSubject: x\r\n\r\nbody"), "email", "eml"],
    ["a mail starting with Content-Type", () => withHeadersFirst(mail(text("x")), ["Content-Type"]), "email", "eml"],
    ["a mail behind 20 KB of transport headers", () => mail(text("x"), { before: transportHeaders(20 * 1024, "ARC-Seal") }), "email", "eml"],
    ["a mail saved from a mailbox (mbox From line)", () => bytes("From a@b.example Thu Nov 26 09:58:03 2026\nReceived: from x\nFrom: a@b.example\n\nbody"), "email", "eml"],
    ["text that starts like headers but holds no mail field", () => bytes("Date: 2026-11-02\r\nHours: 8\r\n\r\nWork done."), "text", "txt"],
    ["headers never ended by a blank line", () => bytes("From: a@b.example\r\nSubject: x\r\nnot a header line\r\n\r\nbody"), "text", "txt"],
    ["random bytes", () => crypto.getRandomValues(new Uint8Array(512)).map((b) => (b === 0 ? 1 : b) | 0x80).fill(0, 10, 11), "unknown", "bin"],
  ])("%s", async (_what, make, family, ext) => {
    expect(await sniff(await make())).toMatchObject({ family, ext });
  });
});
