import type { Detected } from "../../formats/sniff.ts";
import type { Rule } from "./types.ts";

export const executable: Rule = {
  code: "EXECUTABLE",
  description:
    "A program of any platform, by its bytes whatever its name or declared type: Windows (PE: .exe, .dll, .scr), Linux (ELF), macOS (Mach-O), Windows Installer (MSI), shortcuts (LNK), Java (JAR, class), Android (APK, DEX), WebAssembly, Flash, packages (deb, rpm), browser extensions, compiled help (CHM).",
  check: ({ detected }) => (detected.family === "executable" ? `It is a program (${describe(detected)}), which is never imported.` : null),
};

export const script: Rule = {
  code: "SCRIPT",
  description: "A script that names its interpreter on its first line (`#!/bin/sh`, `#!/usr/bin/env python`), whatever its name.",
  check: ({ detected }) => (detected.family === "script" ? "It is a script (its first line names the program that runs it), which is never imported." : null),
};

function describe(detected: Detected): string {
  return `${detected.ext.toUpperCase()}, ${detected.mime}`;
}
