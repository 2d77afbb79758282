import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../src/env.ts";

const withVars = (vars: Record<string, unknown>) => ({ ...env, CLAMD_HOST: undefined, CLAMD_PORT: undefined, ...vars }) as unknown as Env;

function problem(vars: Record<string, unknown>): string {
  try {
    readConfig(withVars(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("CLAMD_HOST and CLAMD_PORT", () => {
  it("are optional: neither means no ClamAV", () => {
    const config = readConfig(withVars({}));
    expect(config.CLAMD_HOST).toBeUndefined();
    expect(config.CLAMD_PORT).toBeUndefined();
  });

  it("count as not set when empty, so an operator can switch ClamAV off", () => {
    const config = readConfig(withVars({ CLAMD_HOST: "", CLAMD_PORT: "" }));
    expect(config.CLAMD_HOST).toBeUndefined();
    expect(config.CLAMD_PORT).toBeUndefined();
  });

  it.each([
    ["a host name", "Clamd.Example.COM", "clamd.example.com"],
    ["an IPv4 address", "203.0.113.7", "203.0.113.7"],
    ["an IPv6 address", "2001:db8::7", "2001:db8::7"],
    ["an IPv6 address in brackets", "[2001:db8::7]", "2001:db8::7"],
  ])("accept %s with a port given as text or as a TOML number", (_, host, expected) => {
    expect(readConfig(withVars({ CLAMD_HOST: host, CLAMD_PORT: "3310" }))).toMatchObject({ CLAMD_HOST: expected, CLAMD_PORT: 3310 });
    expect(readConfig(withVars({ CLAMD_HOST: host, CLAMD_PORT: 3310 }))).toMatchObject({ CLAMD_HOST: expected, CLAMD_PORT: 3310 });
  });

  it("go together: a host without a port is refused, and the other way round", () => {
    expect(problem({ CLAMD_HOST: "clamd.example.com" })).toContain(
      "CLAMD_PORT is not set but CLAMD_HOST is: set both to scan with ClamAV, or neither to use the built-in rules only",
    );
    expect(problem({ CLAMD_PORT: "3310" })).toContain("CLAMD_HOST is not set but CLAMD_PORT is");
  });

  it.each(["0", "65536", "33a", "3310.5", "-1", 70000])("refuse the port %s, naming CLAMD_PORT", (port) => {
    const message = problem({ CLAMD_HOST: "clamd.example.com", CLAMD_PORT: port });
    expect(message).toContain("CLAMD_PORT must be a port number from 1 to 65535");
    expect(message).not.toContain("CLAMD_HOST");
  });

  it.each(["tcp://clamd.example.com", "clamd.example.com:3310", "clamd example.com", "clamd.example.com/scan", "[clamd.example.com]"])(
    "refuse the host %s, naming CLAMD_HOST without echoing it",
    (host) => {
      const message = problem({ CLAMD_HOST: host, CLAMD_PORT: "3310" });
      expect(message).toContain("CLAMD_HOST must be a host name or IP address such as clamd.example.com, without scheme or port");
      expect(message).not.toContain(host);
    },
  );
});

describe("APP_URL and SIGN_UP", () => {
  it("keep the web app's address as scheme and host, for the links mailed to people", () => {
    expect(readConfig(withVars({ APP_URL: "https://connector.example.com/" })).APP_URL).toBe("https://connector.example.com");
    expect(readConfig(withVars({ APP_URL: "http://localhost:8787" })).APP_URL).toBe("http://localhost:8787");
  });

  it.each(["connector.example.com", "ftp://connector.example.com", ""])("refuse the address %j, naming APP_URL", (value) => {
    expect(problem({ APP_URL: value })).toMatch(/APP_URL (is not set|must be the web app's address, such as https:\/\/connector\.example\.com)/);
  });

  it("switch self-service sign-up on or off, and refuse anything else", () => {
    expect(readConfig(withVars({ SIGN_UP: "off" })).SIGN_UP).toBe("off");
    expect(readConfig(withVars({ SIGN_UP: undefined })).SIGN_UP).toBe("on");
    expect(problem({ SIGN_UP: "no" })).toContain('SIGN_UP must be "on" (anyone can sign up) or "off" (only operators create accounts)');
  });
});
