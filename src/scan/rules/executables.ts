import { rule } from "./types.ts";

export const executable = rule("EXECUTABLE", ({ detected }) => (detected.family === "executable" ? { type: detected.ext.toUpperCase(), mime: detected.mime } : null));

export const script = rule("SCRIPT", ({ detected }) => (detected.family === "script" ? {} : null));
