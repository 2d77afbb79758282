// `npm run dev`: a working local connector in one command. Creates .dev.vars
// when missing, applies the local D1 migrations, starts `wrangler dev`, then
// ensures a demo account exists (through the Worker's own API) with an owner
// who signs in to the web app, and prints the owner's email and password, the
// API key and the import addresses.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);
const base = `http://localhost:${port}`;
const devVarsPath = path.join(root, ".dev.vars");
const demoPath = path.join(root, ".wrangler", "demo-account.json");

const DEMO_ACCOUNT = {
  name: "Demo Trading BV",
  country: "BE",
  vatNumber: "BE0123456749",
  companyNumber: "0123456749",
  contactEmail: "accounting@demo.example",
  language: "en",
};

/** The demo account's owner in the web app. A local demo only: the password is printed and in the README. */
const DEMO_OWNER = { name: "Demo Owner", email: "owner@demo.example", password: "demo-invoices-2026" };

/** The secrets wrangler.toml requires, each made random locally when .dev.vars lacks it. */
const LOCAL_SECRETS = ["ADMIN_TOKEN", "BOUNCE_SECRET"];

function readAdminToken(): string {
  if (!existsSync(devVarsPath)) {
    writeFileSync(devVarsPath, "# Local secrets for wrangler dev (git-ignored). Production uses `wrangler secret put`.\n", { mode: 0o600 });
  }
  let devVars = readFileSync(devVarsPath, "utf8");
  for (const name of LOCAL_SECRETS) {
    if (new RegExp(`^${name}\\s*=`, "m").test(devVars)) continue;
    devVars += `${devVars.endsWith("\n") ? "" : "\n"}${name}=${randomBytes(32).toString("base64url")}\n`;
    writeFileSync(devVarsPath, devVars, { mode: 0o600 });
    console.log(`Added a random ${name} to .dev.vars.`);
  }
  const match = devVars.match(/^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m);
  if (!match) throw new Error(".dev.vars has no ADMIN_TOKEN line: add one (32+ characters) or delete the file to get a new one.");
  return match[1]!.trim();
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}).`);
}

async function api(method: string, url: string, token: string, body?: unknown) {
  const response = await fetch(base + url, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function waitForHealth(child: ReturnType<typeof spawn>) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("wrangler dev exited before it served requests.");
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return;
      if (response.status === 503) throw new Error(`the Worker is misconfigured: ${((await response.json()) as any).problem}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("the Worker")) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${base}/health within 150 s.`);
}

/** The demo account's key is kept locally, since a key is shown only once. */
async function ensureDemoAccount(adminToken: string): Promise<{ id: string; apiKey: string }> {
  if (existsSync(demoPath)) {
    const saved = JSON.parse(readFileSync(demoPath, "utf8"));
    if ((await api("GET", "/v1/account", saved.apiKey)).status === 200) return saved;
  }
  let created = await api("POST", "/v1/admin/accounts", adminToken, DEMO_ACCOUNT);
  let demo: { id: string; apiKey: string };
  if (created.status === 201) {
    demo = { id: created.body.account.id, apiKey: created.body.apiKey };
  } else if (created.status === 409) {
    // The local database has the account but its key was lost: issue a new one.
    const found = await api("GET", `/v1/admin/accounts?vatNumber=${DEMO_ACCOUNT.vatNumber}`, adminToken);
    const id = found.body.items[0].id;
    created = await api("POST", `/v1/admin/accounts/${id}/api-keys`, adminToken);
    demo = { id, apiKey: created.body.apiKey };
  } else {
    throw new Error(`could not create the demo account: ${JSON.stringify(created.body)}`);
  }
  mkdirSync(path.dirname(demoPath), { recursive: true });
  writeFileSync(demoPath, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

/** A browser's visit: the page's cookies and its form token, then the form posted as the page would. */
async function submitForm(pagePath: string, fields: Record<string, string>): Promise<Response> {
  const page = await fetch(base + pagePath);
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`${pagePath} has no form`);
  return fetch(base + pagePath, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookies, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, _csrf: token.replaceAll("&amp;", "&") }),
  });
}

/**
 * Makes sure the demo owner can sign in: when signing in does not work, the
 * operator API invites the owner and the invitation is accepted as a person
 * would, through its page. Returns a note when the owner exists with another
 * password (changed by hand).
 */
async function ensureDemoOwner(adminToken: string, accountId: string): Promise<string | null> {
  const signIn = await submitForm("/sign-in", { email: DEMO_OWNER.email, password: DEMO_OWNER.password });
  if (signIn.status === 303) return null;
  const invited = await api("POST", `/v1/admin/accounts/${accountId}/invitations`, adminToken, { email: DEMO_OWNER.email, role: "owner" });
  if (invited.status === 409) return `${DEMO_OWNER.email} has another password now: use "Forgot your password?" (the mail lands in .wrangler/tmp/email/).`;
  if (invited.status !== 201) throw new Error(`could not invite the demo owner: ${JSON.stringify(invited.body)}`);
  const accepted = await submitForm(new URL(invited.body.url).pathname, { name: DEMO_OWNER.name, password: DEMO_OWNER.password });
  if (accepted.status !== 303) throw new Error(`could not accept the demo owner's invitation (${accepted.status})`);
  return null;
}

const adminToken = readAdminToken();
run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);

// Links in mails to people (invitations, resets) point at this wrangler dev, whatever its port.
const child = spawn("wrangler", ["dev", "--port", String(port), "--var", `APP_URL:${base}`, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

try {
  await waitForHealth(child);
  const demo = await ensureDemoAccount(adminToken);
  const connector = await api("POST", "/v1/connectors/email", demo.apiKey);
  const ownerNote = await ensureDemoOwner(adminToken, demo.id);
  const addresses = (connector.body.importAddresses as { address: string; kind: string }[]).map((a) => `    ${a.address}  (${a.kind})`);
  console.log(
    [
      "",
      "──────────────────────────── email-connector (local) ────────────────────────────",
      `  Web app:        ${base}/sign-in`,
      `    email:        ${DEMO_OWNER.email}`,
      `    password:     ${DEMO_OWNER.password}`,
      ...(ownerNote ? [`    (${ownerNote})`] : []),
      `  API:            ${base}  (OpenAPI: ${base}/openapi.json)`,
      `  Demo account:   ${DEMO_ACCOUNT.name} (${demo.id})`,
      `  API key:        ${demo.apiKey}`,
      `  Operator token: ${adminToken}  (from .dev.vars)`,
      "  Import addresses:",
      ...addresses,
      "",
      `  curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/connectors/email`,
      "─────────────────────────────────────────────────────────────────────────────────",
      "",
    ].join("\n"),
  );
} catch (error) {
  console.error(`npm run dev: ${(error as Error).message}`);
  child.kill("SIGTERM");
  process.exitCode = 1;
}
