/**
 * Text from outside (a header, a file name, a server's diagnostic) is
 * stored capped, so that no value and no row comes near D1's 2 MB
 * (D1_MAX_ROW_BYTES); a cap counts characters, each 1 to 3 bytes in UTF-8.
 */

/** What a cut text ends (or starts) with, so that no one takes it for the whole. */
export const CUT_MARK = "…";

/**
 * `text` in at most `max` characters, the cut marked with CUT_MARK. `keep`
 * says which part tells most: the start (a subject, a sentence), the end (a
 * path, which ends with the file), or both ends (a name, whose end is its
 * extension). A character is never split in half.
 */
export function capText(text: string, max: number, keep: "start" | "end" | "ends" = "start"): string {
  if (text.length <= max) return text;
  const room = max - CUT_MARK.length;
  if (keep === "start") return head(text, room) + CUT_MARK;
  if (keep === "end") return CUT_MARK + tail(text, room);
  const first = Math.ceil(room / 2);
  return head(text, first) + CUT_MARK + tail(text, room - first);
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function head(text: string, length: number): string {
  return text.slice(0, isHighSurrogate(text.charCodeAt(length - 1)) ? length - 1 : length);
}

function tail(text: string, length: number): string {
  const start = text.length - length;
  return text.slice(isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}
