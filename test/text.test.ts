import { describe, expect, it } from "vitest";
import { capText, CUT_MARK } from "../src/text.ts";

describe("capText", () => {
  it("keeps a text that fits as it is", () => {
    expect(capText("invoice.pdf", 11)).toBe("invoice.pdf");
  });

  it("cuts a longer one to the cap, and marks the cut", () => {
    expect(capText("Invoice 2026-0042 for March", 12)).toBe("Invoice 202…");
    expect(capText("Invoice 2026-0042 for March", 12)).toHaveLength(12);
  });

  it("keeps the end, or both ends, when they tell most", () => {
    expect(capText("Fwd: March › invoices.zip › 42.pdf", 12, "end")).toBe("…ip › 42.pdf");
    expect(capText("a-very-long-name.pdf.exe", 11, "ends")).toBe("a-ver…f.exe");
  });

  it("never splits a character in two", () => {
    const emoji = "🧾".repeat(10);
    for (const keep of ["start", "end", "ends"] as const) {
      const cut = capText(emoji, 8, keep);
      expect(cut.length).toBeLessThanOrEqual(8);
      expect(cut.replace(CUT_MARK, "")).toMatch(/^(🧾)+$/u);
    }
  });
});
