import { expect, it } from "vitest";
import { describeWithSamples, listSamples, readSample, readSampleJson } from "./helpers/samples.ts";

describeWithSamples("the samples folder", () => {
  it("lists and serves the third-party files", async () => {
    const mails = await listSamples("mail");
    expect(mails.length).toBeGreaterThan(30);
    expect(mails).toContain("mail/mail_attachment_pdf.eml");
    const bytes = await readSample("mail/mail_attachment_pdf.eml");
    expect(new TextDecoder().decode(bytes.slice(0, 200))).toMatch(/:/);
    const expected = await readSampleJson<Record<string, unknown>>("einvoice/expected.json");
    expect(Object.keys(expected).length).toBe(37);
  });
});
