import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makePdf } from "../helpers/documents.ts";
import { deliver, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";
import { signedUpClient, textOf, WebClient } from "../helpers/web.ts";

describe("the inbox's live status", () => {
  it("says while a mail is being checked, and /inbox/live counts the work under way until it is done", async () => {
    const { client, vatNumber } = await signedUpClient();
    await client.post("/connectors/email/install");
    const apiKey = /eck_[\w-]+/.exec((await client.post("/settings/api-keys")).html)![0];
    const vatAddress = `${vatNumber.toLowerCase()}@${env.INBOUND_DOMAIN}`;
    expect(JSON.parse((await client.get("/inbox/live")).html)).toEqual({ busy: 0 });
    // The mail is accepted, but its ingest job waits in a queue nobody consumes yet.
    const ingest = capturingQueue();
    const paused = { ...env, INGEST_QUEUE: ingest.binding } as Env;
    const raw = mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf())), { to: vatAddress });
    expect((await deliver(raw, { to: vatAddress }, paused)).rejected).toBeNull();
    expect(JSON.parse((await client.get("/inbox/live")).html)).toEqual({ busy: 1 });
    const during = await client.get("/inbox?show=all");
    expect(during.html).toContain('data-live="/inbox/live"');
    expect(textOf(during.html)).toContain("1 mail or file is being checked.");
    await runQueue("email-connector-ingest", ingest.sent, env);
    await settled(apiKey, messageIdOf(raw));
    expect(JSON.parse((await client.get("/inbox/live")).html)).toEqual({ busy: 0 });
    expect((await client.get("/inbox?show=all")).html).not.toContain("data-live=");
  });

  it("is for signed-in people only", async () => {
    expect((await new WebClient().get("/inbox/live")).status).toBe(303);
  });
});
