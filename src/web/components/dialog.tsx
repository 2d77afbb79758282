import type { Child, FC } from "hono/jsx";
import type { View } from "../view.ts";
import { Button, Csrf } from "./form.tsx";

/**
 * Dialogs work with and without JavaScript. The trigger is a link to a page
 * of its own that holds the same content; app.js opens the <dialog> instead
 * (showModal: the rest of the page is inert, Escape closes it), moves focus
 * into it and gives focus back to the trigger when it closes.
 */
export const DialogTrigger: FC<{ dialog: string; href: string; variant?: "primary" | "secondary" | "warning"; children: Child }> = ({ dialog, href, variant = "secondary", children }) => (
  <a href={href} class={`button button--${variant}`} data-dialog={dialog} role="button">
    {children}
  </a>
);

/**
 * `openOnLoad`: a dialog that a save leads to (the channels of a new
 * customer). app.js opens it as a modal when the page loads; closing it
 * (Escape) goes to `openOnLoad`, the page that says what closing meant.
 */
export const Dialog: FC<{ id: string; title: string; openOnLoad?: string; children: Child }> = ({ id, title, openOnLoad, children }) => (
  <dialog id={id} class="dialog" aria-labelledby={`${id}-title`} data-open-on-load={openOnLoad}>
    <h2 id={`${id}-title`} class="dialog__title">
      {title}
    </h2>
    {children}
  </dialog>
);

interface ConfirmProps {
  v: View;
  /** What will happen, in sentences: a confirmation says what it does. */
  body: Child;
  action: string;
  confirmLabel: string;
  variant?: "primary" | "warning";
  /** Where "Cancel" leads on the page of its own; in the dialog it closes it. */
  cancelHref: string;
  inDialog: boolean;
}

/** The content of a confirmation, the same in the dialog and on its page. */
export const Confirm: FC<ConfirmProps> = ({ v, body, action, confirmLabel, variant = "warning", cancelHref, inDialog }) => (
  <div class="confirm">
    <div class="confirm__body">{body}</div>
    <form method="post" action={action} class="button-group">
      <Csrf v={v} />
      <Button variant={variant}>{confirmLabel}</Button>
      {inDialog ? (
        <button type="button" class="button button--secondary" data-dialog-close="">
          {v.t("dialog.cancel")}
        </button>
      ) : (
        <a href={cancelHref} class="button button--secondary">
          {v.t("dialog.cancel")}
        </a>
      )}
    </form>
  </div>
);
