import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/**
 * What the browser tests share: the run that global-setup.ts started, a
 * chromium of the system's, axe-core on every page, screenshots, and the
 * mail side (the local Email Routing endpoint in, wrangler dev's .eml files out).
 */
export const run = inject("browser");
const root = path.resolve(import.meta.dirname, "../..");

/** The flags that make chromium run headless in a container; it never downloads anything. */
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: run.chromium, args: CHROMIUM_FLAGS });
}

/** A fresh browser profile (no cookies), as a new person, in `locale`, with the clipboard allowed for copy buttons. */
export async function newPerson(browser: Browser, locale = "en-GB"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: run.url, locale, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: run.url });
  const page = await context.newPage();
  // Anything that tries to run from a mail would show up here: an alert, or a script error.
  page.on("dialog", (dialog) => {
    throw new Error(`a JavaScript dialog opened: ${dialog.message()}`);
  });
  page.on("pageerror", (error) => {
    throw new Error(`a script failed on ${page.url()}: ${error.message}`);
  });
  return { context, page };
}

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA rules, and best practices). */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  // Evaluated through the DevTools protocol: the page's own CSP forbids inline scripts, rightly.
  await page.evaluate<void>(`${await axeSource};undefined`);
  const violations = await page.evaluate<{ id: string; impact: string; help: string; targets: string[] }[]>(`axe
    .run(document, { resultTypes: ["violations"] })
    .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })))`);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious, `axe on ${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Screenshots at 1280 and 375 px wide, as docs/screenshots/<name>-1280.png and -375.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(run.screenshots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(viewport);
}

/** Mails `raw` through wrangler dev's local Email Routing endpoint, as Cloudflare would hand it to email(). */
export async function sendMail(raw: Uint8Array, envelope: { from: string; to: string }) {
  const response = await fetch(`${run.url}/cdn-cgi/handler/email?from=${encodeURIComponent(envelope.from)}&to=${encodeURIComponent(envelope.to)}`, { method: "POST", body: raw });
  return { status: response.status, text: await response.text() };
}

/** The newest mail wrangler dev wrote (SEND_EMAIL writes each to .wrangler/tmp/email/) for `to`, sent after `since`. */
export async function mailTo(to: string, since: number): Promise<string> {
  const directory = path.join(root, ".wrangler", "tmp", "email");
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const files = await readdir(directory, { recursive: true }).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith(".eml"))) {
      const full = path.join(directory, file);
      if ((await stat(full)).mtimeMs < since) continue;
      const raw = await readFile(full, "utf8");
      if (new RegExp(`^To: .*${to.replace(/[.+]/g, "\\$&")}`, "mi").test(raw)) return raw;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${to} in ${directory}`);
}

/** The text of a MIME part encoded in base64, as mails to people are (src/users/mails.ts). */
export function plainText(raw: string): string {
  const part = /Content-Type: text\/plain[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  if (!part) throw new Error("no text/plain part");
  return Buffer.from(part[1]!.replace(/\s+/g, ""), "base64").toString("utf8");
}

/** A header of a mail wrangler dev wrote, unfolded, its RFC 2047 encoded words (base64 or Q) decoded. */
export function headerOf(raw: string, name: string): string | null {
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "mi").exec(raw);
  if (!match) return null;
  return match[1]!
    .replace(/\r?\n[ \t]+/g, " ")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_whole, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    )
    .trim();
}

/**
 * Waits for a page to show `text` once the queues are done, reloading it as a
 * person would: a string is looked for in the page's HTML (escaped as served),
 * a pattern in the text of its main element.
 */
export async function reloadUntil(page: Page, path: string, text: string | RegExp) {
  for (let i = 0; i < 60; i++) {
    await page.goto(path);
    if (typeof text === "string" ? (await page.content()).includes(text) : text.test(await page.innerText("main"))) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`${path} never showed ${text}`);
}
