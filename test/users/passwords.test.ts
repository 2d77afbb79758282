import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context.ts";
import { PBKDF2_ITERATIONS } from "../../src/users/limits.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../src/users/passwords.ts";
import { authenticate } from "../../src/users/users.ts";
import { signedUpClient, STRONG_PASSWORD } from "../helpers/web.ts";

describe("password hashes", () => {
  it("are versioned PBKDF2-SHA256 at the production cap, salted per password", async () => {
    const a = await hashPassword(STRONG_PASSWORD);
    const b = await hashPassword(STRONG_PASSWORD);
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(a).not.toBe(b);
    expect(await verifyPassword(STRONG_PASSWORD, a)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword(`${STRONG_PASSWORD}x`, a)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword(STRONG_PASSWORD, "bcrypt$10$whatever")).toEqual({ ok: false, needsRehash: false });
  });

  it("are replaced at sign-in when they were made with another iteration count", async () => {
    const { email } = await signedUpClient();
    // A hash of the same scheme at an older count, as an earlier version would have stored it.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(STRONG_PASSWORD), "PBKDF2", false, ["deriveBits"]);
    const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 1000 }, key, 256));
    const old = `pbkdf2-sha256$1000$${salt.toBase64({ alphabet: "base64url", omitPadding: true })}$${bits.toBase64({ alphabet: "base64url", omitPadding: true })}`;
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE email = ?").bind(old, email).run();
    expect(await verifyPassword(STRONG_PASSWORD, old)).toEqual({ ok: true, needsRehash: true });

    expect(await authenticate(createContext(env), email, STRONG_PASSWORD)).not.toBeNull();
    const stored = await env.DB.prepare("SELECT password_hash AS h FROM users WHERE email = ?").bind(email).first<{ h: string }>();
    expect(stored!.h).toMatch(/^pbkdf2-sha256\$100000\$/);
    // A wrong password changes nothing.
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE email = ?").bind(old, email).run();
    expect(await authenticate(createContext(env), email, "wrong-password-here")).toBeNull();
    expect((await env.DB.prepare("SELECT password_hash AS h FROM users WHERE email = ?").bind(email).first<{ h: string }>())!.h).toBe(old);
  });

  it("refuse short, long, common and own-address passwords", () => {
    expect(passwordProblem("short-one", "a@b.example")).toBe("too_short");
    expect(passwordProblem("x".repeat(257) + "yz", "a@b.example")).toBe("too_long");
    expect(passwordProblem("Azertyuiop", "a@b.example")).toBe("common");
    expect(passwordProblem("aaaaaaaaaaaa", "a@b.example")).toBe("common");
    expect(passwordProblem("claire.dupont", "Claire.Dupont@example.be")).toBe("same_as_email");
    expect(passwordProblem(STRONG_PASSWORD, "a@b.example")).toBeNull();
  });
});
