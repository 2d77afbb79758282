import type { FC } from "hono/jsx";
import type { View } from "../view.ts";

/**
 * Copies `text` to the clipboard. Without JavaScript it stays hidden (a
 * button that does nothing would be a lie); the text beside it can still be
 * selected. app.js shows it and says "Copied" in a live region.
 */
export const CopyButton: FC<{ v: View; text: string; label: string }> = ({ v, text, label }) => (
  <span class="copy">
    <button type="button" class="button button--secondary button--small" data-copy={text} data-copied={v.t("copy.copied")} hidden>
      {label}
    </button>
    <span class="copy__status" role="status" aria-live="polite"></span>
  </span>
);
