// Runs are stored by the service: reopening the panel (or reloading the web page) brings back the last run
// for the recipient in view, and "Recent runs" lists the newest ones to reopen. The recipient last typed
// is remembered in this browser, for a panel with no Gmail thread to read one from.

import { h, fill } from "./view.js";

const RECIPIENT_KEY = "rapport.recipient";
const STATUS = { done: "Done", failed: "Failed", running: "Researching…", queued: "Waiting…" };
export const RECENT_SHOWN = 10;

export function rememberRecipient({ name, email }) {
  localStorage.setItem(RECIPIENT_KEY, JSON.stringify({ name: name || "", email: email || "" }));
}

export function rememberedRecipient() {
  try {
    const saved = JSON.parse(localStorage.getItem(RECIPIENT_KEY) || "null");
    return saved?.name ? saved : null;
  } catch {
    return null;
  }
}

/** "13:02" today, "Dec 3, 13:02" this year, "Dec 3, 2025" before. */
export function formatWhen(iso, now = new Date()) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const time = when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === now.toDateString()) return `Today ${time}`;
  const day = { month: "short", day: "numeric" };
  if (when.getFullYear() === now.getFullYear()) return `${when.toLocaleDateString("en-US", day)}, ${time}`;
  return when.toLocaleDateString("en-US", { ...day, year: "numeric" });
}

/** The list of recent runs in its card; the open one is marked, the others reopen on a click. */
export function renderRecent(el, runs, { current, onOpen }) {
  el.hidden = !runs.length;
  const list = el.querySelector("ul");
  el.querySelector(".recent-count").textContent = runs.length ? `(${runs.length})` : "";
  fill(
    list,
    runs.map((run) => {
      const open = run.run_id === current;
      return h(
        "li",
        { class: "recent-run" },
        h(
          "button",
          {
            type: "button",
            class: `recent-open${open ? " current" : ""}`,
            "aria-current": open ? "true" : null,
            onclick: () => onOpen(run.run_id),
          },
          h("span", { class: "recent-name" }, run.name),
          h(
            "span",
            { class: "recent-meta muted" },
            [run.company || run.email, formatWhen(run.created_at)].filter(Boolean).join(" · "),
          ),
          h("span", { class: `tag recent-status status-${run.status}` }, open ? "Open" : STATUS[run.status]),
        ),
      );
    }),
  );
}
