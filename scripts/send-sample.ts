// `npm run send-sample [-- <file>] [--to <address>]`: mails an invoice to the
// connector running under `npm run dev`, through wrangler dev's local email
// endpoint (as Email Routing would hand it over), then waits for the pipeline
// and prints what the mail came to.
//   no file:            a mail with a freshly made PDF invoice
//   a .eml file:        that mail as it is
//   any other file:     a mail with that file attached (e.g. an e-invoice from ../shared/samples)
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { makePdf } from "../test/helpers/documents.ts";
import { attachment, mail, multipart, text } from "../test/helpers/mime.ts";

const root = path.resolve(import.meta.dirname, "..");
const base = `http://localhost:${process.env.PORT ?? 8787}`;
const { values, positionals } = parseArgs({ allowPositionals: true, options: { to: { type: "string" }, from: { type: "string", default: "billing@supplier.example" } } });

const demo = JSON.parse(readFileSync(path.join(root, ".wrangler", "demo-account.json"), "utf8")) as { apiKey: string };
const api = async (url: string) => (await (await fetch(base + url, { headers: { Authorization: `Bearer ${demo.apiKey}` } })).json()) as any;

const to = values.to ?? (await api("/v1/connectors/email")).importAddresses[0].address;
const file = positionals[0];
let raw: Uint8Array;
if (file?.endsWith(".eml")) {
  raw = new Uint8Array(readFileSync(file));
  // An mbox "From " separator line is not a header; wrangler dev refuses it, Email Routing never sends it.
  if (new TextDecoder("latin1").decode(raw.subarray(0, 5)) === "From ") raw = raw.subarray(raw.indexOf(0x0a) + 1);
}
else {
  const [name, bytes] = file ? [path.basename(file), new Uint8Array(readFileSync(file))] : ["invoice-demo.pdf", makePdf(`demo ${new Date().toISOString()}`)];
  raw = mail(multipart("mixed", text("Please find our invoice attached.\n\nKind regards,\nSupplier Billing"), attachment(name, "application/octet-stream", bytes)), {
    to,
    from: `Supplier Billing <${values.from}>`,
    subject: `Invoice ${name}`,
  });
}
const messageId = /^Message-ID:\s*<?([^>\r\n]+)>?/im.exec(new TextDecoder("latin1").decode(raw.subarray(0, 65536)))?.[1];
if (!messageId) throw new Error("The mail has no Message-ID header; wrangler dev refuses such mails.");

const response = await fetch(`${base}/cdn-cgi/handler/email?${new URLSearchParams({ from: values.from!, to })}`, { method: "POST", body: raw });
console.log(`POST /cdn-cgi/handler/email -> ${response.status} ${await response.text()}`);
if (!response.ok) process.exit(1);

for (let i = 0; i < 100; i++) {
  const [message] = (await api(`/v1/inbound-messages?messageId=${encodeURIComponent(messageId)}`)).items;
  if (message && message.outcome !== "processing") {
    console.log(`Outcome: ${message.outcome}`);
    for (const f of message.files) console.log(`  ${f.path}: ${f.verdict}${f.reasonCode ? ` (${f.reasonCode})` : ""}`);
    for (const p of message.skippedParts) console.log(`  ${p.path}: skipped, ${p.why}`);
    for (const id of message.documents) console.log(`  purchase invoice ${id}: curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/purchase-invoices/${id}`);
    if (message.inboxItems.length) console.log(`  inbox: curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/inbox`);
    process.exit(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
console.error("The mail is still processing after 20 s: see the wrangler dev output.");
process.exit(1);
