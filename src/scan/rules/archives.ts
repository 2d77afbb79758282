import type { Verdict } from "../../db/schema/index.ts";

/**
 * Containers that cannot be opened safely are decided while the mail is
 * split (src/inbound/split.ts), before any file is stored for scanning: an
 * archive's problem is a property of the archive, not of one of its files.
 * Listed here, with the rules, so that every reason code lives in one place.
 */
export const CONTAINER_FINDINGS = {
  ARCHIVE_ENCRYPTED: {
    verdict: "malicious",
    description: "A ZIP with an encrypted (password-protected) entry: it cannot be scanned, and a password in the mail body is how malware passes filters.",
    sentence: "It is an encrypted archive, which cannot be scanned for viruses",
  },
  ARCHIVE_TOO_DEEP: {
    verdict: "malicious",
    description: "A ZIP nested in more ZIPs than MAX_ARCHIVE_DEPTH (2) allows, as archive bombs are.",
    sentence: "It is an archive nested in more archives than an invoice archive ever is, as archive bombs are",
  },
  ARCHIVE_TOO_MANY_FILES: {
    verdict: "malicious",
    description: "A ZIP with more than MAX_ARCHIVE_ENTRIES (100) entries, or a ZIP64 archive.",
    sentence: "It is an archive with too many files to be an invoice archive",
  },
  ARCHIVE_BOMB: {
    verdict: "malicious",
    description: "A ZIP entry that would expand past MAX_ARCHIVE_ENTRY_BYTES (25 MiB) or MAX_ARCHIVE_RATIO (100 times its compressed size), declared or while inflating.",
    sentence: "It is an archive that expands far beyond its size, as archive bombs do",
  },
  ARCHIVE_DAMAGED: {
    verdict: "invalid",
    description: "A ZIP whose directory or data cannot be read.",
    sentence: "It is a damaged archive that cannot be opened",
  },
  CONTAINERS_TOO_DEEP: {
    verdict: "malicious",
    description: "Containers (forwarded mails, ZIPs, winmail.dat) nested more than MAX_CONTAINER_DEPTH (4) deep.",
    sentence: "It is nested in more containers (mails, archives) than any real mail holds, as only an attack would be",
  },
} as const satisfies Record<string, { verdict: Verdict; description: string; sentence: string }>;

export type ContainerFinding = keyof typeof CONTAINER_FINDINGS;
