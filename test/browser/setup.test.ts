import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs the browser tests in a vitest of their own, with chromium looked for where it is not. */
function runWithoutChromium(ci: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" };
  if (ci) env.CI = "true";
  else delete env.CI;
  const result = spawnSync(path.join(root, "node_modules", ".bin", "vitest"), ["run", "--project", "browser", "test/browser/flows.test.ts"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe("the browser tests without chromium", () => {
  it("fail the run in CI, saying what is missing and how to install it", () => {
    const { status, output } = runWithoutChromium(true);
    expect(status).not.toBe(0);
    expect(output).toContain("Chromium is not installed (looked in /nonexistent/chromium)");
    expect(output).toContain("sudo apt-get install chromium fonts-dejavu-core");
    expect(output).toContain("CI must run them.");
  });

  it("skip elsewhere, and say so", () => {
    const { status, output } = runWithoutChromium(false);
    expect(status).toBe(0);
    expect(output).toContain("They are skipped.");
    expect(output).toMatch(/10 skipped/);
  });
});
