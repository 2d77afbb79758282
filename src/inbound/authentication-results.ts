export interface AuthVerdicts {
  spf: string | null;
  dkim: string | null;
  dmarc: string | null;
}

const NONE: AuthVerdicts = { spf: null, dkim: null, dmarc: null };

/**
 * Reads the SPF, DKIM and DMARC verdicts of the receiving server from
 * Authentication-Results (RFC 8601). Only a header whose authserv-id is the
 * receiving server's counts, and of those only the topmost: the receiving
 * server adds its header above everything the sender wrote, so a header
 * naming the same server further down is a forgery, and one naming another
 * server proves nothing. Comments and quoted strings are read as such, so a
 * `dmarc=pass` inside a comment or a quoted reason never counts.
 *
 * The Headers object joins repeated headers with ", ": outside comments and
 * quoted strings no comma belongs to one header, so each top-level comma
 * starts the next.
 */
export function parseAuthenticationResults(value: string | null, authservId: string): AuthVerdicts {
  if (!value) return NONE;
  const ours = splitHeaders(value).find((header) => header.authservId.toLowerCase() === authservId.toLowerCase());
  if (!ours) return NONE;
  const verdict = (method: string): string | null => {
    const results = ours.results.filter((r) => r.method === method).map((r) => r.result);
    // Several DKIM signatures give several results: one that passes is what a reader means by "DKIM passes".
    return results.includes("pass") ? "pass" : (results[0] ?? null);
  };
  return { spf: verdict("spf"), dkim: verdict("dkim"), dmarc: verdict("dmarc") };
}

interface ParsedHeader {
  authservId: string;
  results: { method: string; result: string }[];
}

/**
 * The top-level structure of the header value: comments dropped, quoted
 * strings kept whole as one word, split at top-level ";" (between results)
 * and "," (between headers).
 */
function splitHeaders(value: string): ParsedHeader[] {
  const headers: string[][][] = [[[]]];
  let word = "";
  const endWord = () => {
    if (word !== "") headers.at(-1)!.at(-1)!.push(word);
    word = "";
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "(") {
      // A comment, nested and with quoted pairs (RFC 5322 3.2.2): it separates words and says nothing.
      endWord();
      for (let depth = 1; depth > 0 && ++i < value.length; ) {
        if (value[i] === "\\") i++;
        else if (value[i] === "(") depth++;
        else if (value[i] === ")") depth--;
      }
    } else if (c === '"') {
      // A quoted string is part of the word it stands in (reason="...", or a quoted property value).
      let quoted = "";
      while (++i < value.length && value[i] !== '"') quoted += value[i] === "\\" ? (value[++i] ?? "") : value[i];
      word += `"${quoted}"`;
    } else if (c === ";") {
      endWord();
      headers.at(-1)!.push([]);
    } else if (c === ",") {
      endWord();
      headers.push([[]]);
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
    }
  }
  endWord();
  return headers
    .filter((sections) => sections[0]!.length > 0)
    .map((sections) => ({
      // authserv-id [version]
      authservId: sections[0]![0]!,
      results: sections.slice(1).flatMap((words) => {
        // method[/version]=result, then reason and properties, which are not read.
        // White space may stand around "=" (CFWS): "dkim = pass" is "dkim=pass".
        const resinfo = words.join(" ").replace(/\s*=\s*/g, "=").split(" ")[0] ?? "";
        // RFC 8601's results are short words (pass, softfail, temperror): a longer one is no verdict, and is not stored.
        const match = /^([a-z0-9-]+)(?:\/\d+)?=([a-z]{1,16})$/i.exec(resinfo);
        return match ? [{ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase() }] : [];
      }),
    }));
}
