// The web app's only script. Every page works without it; it adds copy
// buttons, dialogs instead of confirmation pages, focus on an error summary,
// and a live status while mails are being checked. No inline script exists
// (Content-Security-Policy: script-src 'self').
"use strict";

// An error summary takes focus, so a screen reader reads it and Tab starts at its links.
const summary = document.querySelector("[data-autofocus]");
if (summary) summary.focus();

// A summary's links move focus to their field, not only scroll to it.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(link.getAttribute("href").slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});

// Copy buttons: hidden without script, since they need it.
for (const button of document.querySelectorAll("[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const status = button.parentElement.querySelector(".copy__status");
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      // Clipboard refused (an old browser, a permission): select the text so Ctrl+C works.
      const text = button.closest("dd, li, p")?.querySelector("code");
      if (text) window.getSelection().selectAllChildren(text);
    }
    setTimeout(() => {
      if (status) status.textContent = "";
    }, 4000);
  });
}

// Dialogs: the trigger is a link to a page of its own; with script it opens the <dialog>
// instead. showModal() makes the rest of the page inert and closes on Escape; focus goes
// into the dialog and comes back to the trigger when it closes.
for (const trigger of document.querySelectorAll("[data-dialog]")) {
  const dialog = document.getElementById(trigger.dataset.dialog);
  if (!dialog || typeof dialog.showModal !== "function") continue;
  trigger.addEventListener("click", (event) => {
    event.preventDefault();
    dialog.showModal();
    const first = dialog.querySelector("input:checked, input, select, textarea, button, a[href]");
    if (first) first.focus();
  });
  dialog.addEventListener("close", () => trigger.focus());
  for (const close of dialog.querySelectorAll("[data-dialog-close]")) close.addEventListener("click", () => dialog.close());
}
// A dialog that a save leads to (a new customer's delivery channels) opens by itself, as a
// modal. Closing it without saving (Escape) goes to the page that says what that means.
for (const dialog of document.querySelectorAll("dialog[data-open-on-load]")) {
  if (typeof dialog.showModal !== "function") continue;
  dialog.showModal();
  const first = dialog.querySelector("input:checked:not(:disabled), input:not([type=hidden]):not(:disabled), button, a[href]");
  if (first) first.focus();
  let saving = false;
  dialog.addEventListener("submit", () => (saving = true));
  dialog.addEventListener("close", () => {
    if (!saving) window.location.assign(dialog.dataset.openOnLoad);
  });
}

// A form marked so tells the server that this script runs: it then answers with the pop-up
// over the next page instead of the pop-up's own page.
for (const form of document.querySelectorAll("form[data-js-flag]")) {
  const flag = document.createElement("input");
  flag.type = "hidden";
  flag.name = "js";
  flag.value = "1";
  form.append(flag);
}

// A switch saves at once: its form is sent when it changes, and its Save button goes.
for (const input of document.querySelectorAll("input[data-autosubmit]")) {
  const form = input.form;
  for (const button of form.querySelectorAll("[data-autosubmit-button]")) button.hidden = true;
  input.addEventListener("change", () => form.requestSubmit());
}

// Files dropped on the upload's zone go to the input their kind belongs to (PDF or XML).
for (const zone of document.querySelectorAll("[data-dropzone]")) {
  const text = zone.querySelector("[data-dropzone-text]");
  if (text) text.hidden = false;
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dropzone--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropzone--over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dropzone--over");
    for (const file of event.dataTransfer.files) {
      const input = zone.querySelector(/\.xml$/i.test(file.name) || /xml/.test(file.type) ? "#einvoice" : "#file");
      const list = new DataTransfer();
      list.items.add(file);
      input.files = list.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
}

// showModal() makes the page behind inert, but Tab can still leave the dialog for the
// browser's own controls: at either end, it goes round to the other end of the dialog.
document.addEventListener("keydown", (event) => {
  const dialog = document.querySelector("dialog[open]");
  if (event.key !== "Tab" || !dialog || !dialog.matches(":modal")) return;
  const focusable = [...dialog.querySelectorAll("a[href], button:not(:disabled), input:not(:disabled):not([type=hidden]), select:not(:disabled), textarea:not(:disabled)")];
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
});

// A trigger that is a link acts as a button: Space opens it too.
document.addEventListener("keydown", (event) => {
  if (event.key === " " && event.target.matches?.("a[data-dialog]")) {
    event.preventDefault();
    event.target.click();
  }
});

// Live status: while mails or files are being checked, ask every few seconds, and say when it is done.
const live = document.querySelector("[data-live]");
if (live) {
  const poll = async () => {
    try {
      const response = await fetch(live.dataset.live, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const { busy } = await response.json();
      if (busy === 0) {
        live.textContent = `${live.dataset.done} `;
        const link = document.createElement("a");
        link.href = window.location.pathname + window.location.search;
        link.textContent = live.dataset.reload;
        live.append(link);
        return;
      }
    } catch {
      // Offline for a moment: try again.
    }
    setTimeout(poll, 3000);
  };
  setTimeout(poll, 3000);
}
