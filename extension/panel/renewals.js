// The Renewals view: the contact book imported from a file, the contacts due for renewal, and the drafts
// written for them in the background to review and open in Gmail; snooze, skip, done. Nothing is sent: Open
// in Gmail opens a compose window with the draft, and the user presses Send or not.

import { h, fill } from "./view.js";

const STATE_TAG = {
  due: "Not started",
  waiting: "Waiting…",
  researching: "Researching…",
  ready: "Draft ready",
  failed: "Failed",
  no_name: "Needs a name",
};
const WORKING = new Set(["waiting", "researching"]);
const SNOOZE_DAYS = [
  [3, "3 days"],
  [7, "1 week"],
  [14, "2 weeks"],
  [30, "1 month"],
];
const POLL_MS = 2000;

/** A Gmail compose window to the address with the draft in it; it opens a compose, it never sends. */
export function gmailComposeUrl({ to, subject, body }) {
  const query = { view: "cm", fs: "1", to, su: subject || "", body: body || "" };
  const pairs = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return `https://mail.google.com/mail/?${pairs.join("&")}`;
}

/** "Last exchange Mar 14, 2025 (21 months ago)", or that none is on record. */
export function lastExchangeText(isoDay, today = new Date()) {
  if (!isoDay) return "No exchange on record";
  const [year, month, day] = isoDay.split("-").map(Number);
  const when = new Date(year, month - 1, day);
  const shown = when.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
  const months = (today.getFullYear() - year) * 12 + (today.getMonth() - (month - 1));
  const ago = months >= 24 ? `${Math.floor(months / 12)} years ago` : `${months} months ago`;
  return `Last exchange ${shown} (${months < 1 ? "this month" : ago})`;
}

/** Wire the view in `root`; show() loads it (each time the view is chosen). */
export function createRenewals(root, { getClient }) {
  const $ = (id) => root.querySelector(`#${id}`);
  let timer = null;
  let started = false; // renewals were started here and some are still working

  function client() {
    const found = getClient();
    if (!found) throw new Error("Connect to the Rapport server first (Settings).");
    return found;
  }

  function say(text, { error = false } = {}) {
    const status = $("renewals-status");
    status.textContent = text;
    status.classList.toggle("error-text", error);
  }

  async function load() {
    clearTimeout(timer);
    try {
      const answer = await client().listRenewals();
      render(answer);
      const working = answer.renewals.filter((renewal) => WORKING.has(renewal.state)).length;
      if (working && !root.hidden) timer = setTimeout(load, POLL_MS);
      if (started && !working) {
        started = false; // what "Research & draft all" said is done: say where it ended
        const ready = answer.renewals.filter((renewal) => renewal.state === "ready").length;
        say(`${ready} draft${ready === 1 ? "" : "s"} ready to review below.`);
      }
    } catch (error) {
      say(`Couldn't load renewals: ${error.message}`, { error: true });
    }
  }

  function render({ renew_after_months: months, renewals }) {
    $("renew-months").textContent = `${months} month${months === 1 ? "" : "s"}`;
    $("start-renewals").disabled = !renewals.some((r) => r.state === "due" || r.state === "failed");
    $("renewals-empty").hidden = renewals.length > 0;
    fill($("renewal-list"), renewals.map((renewal) => renewalItem(renewal, decide)));
  }

  async function importFile(event) {
    event.preventDefault();
    const file = $("contacts-file").files[0];
    const report = $("import-report");
    if (!file) {
      fill(report, h("p", { class: "error-text" }, "Choose a CSV or vCard file first."));
      return;
    }
    const button = event.submitter || root.querySelector("#contacts-form button");
    button.disabled = true;
    fill(report, h("p", { class: "muted" }, `Importing ${file.name}…`));
    try {
      fill(report, importReport(await client().importContacts(file)));
      $("contacts-file").value = "";
      await load();
    } catch (error) {
      fill(report, h("p", { class: "error-text" }, `${file.name} was not imported: ${error.message}`));
    } finally {
      button.disabled = false;
    }
  }

  async function start() {
    $("start-renewals").disabled = true;
    try {
      const answer = await client().startRenewals();
      started = answer.queued + answer.in_progress > 0;
      say(startedText(answer));
    } catch (error) {
      say(`Couldn't start renewals: ${error.message}`, { error: true });
    }
    await load();
  }

  async function decide(renewal, decision, days) {
    const who = renewal.contact.name || renewal.contact.email;
    try {
      render(await client().decideRenewal({ email: renewal.contact.email, decision, days }));
      const done = { snooze: `Snoozed ${who} for ${days} days.`, skip: `Skipped ${who} this time.` };
      say(done[decision] || `Marked ${who} done: written today.`);
      $("due-title").focus();
    } catch (error) {
      say(`Couldn't update ${who}: ${error.message}`, { error: true });
    }
  }

  $("contacts-form").addEventListener("submit", importFile);
  $("start-renewals").addEventListener("click", start);
  return { show: load };
}

function importReport({ imported, updated, bad }) {
  const counts = `${imported} imported, ${updated} updated`;
  if (!bad.length) return h("p", { class: "ok-text" }, `${counts}.`);
  return [
    h("p", {}, `${counts}; ${bad.length} row${bad.length === 1 ? "" : "s"} left out:`),
    h(
      "ul",
      { class: "bad-rows" },
      bad.map((row) => h("li", {}, h("strong", {}, `Line ${row.line}: `), row.reason)),
    ),
  ];
}

function startedText({ queued, in_progress: working, ready, no_name: unnamed }) {
  const parts = [
    queued ? `Researching ${queued} in the background; drafts appear here as they're ready.` : "",
    working ? `${working} already on the way.` : "",
    ready ? `${ready} ready to review.` : "",
    unnamed ? `${unnamed} need a name to be researched (add it to your contacts file).` : "",
  ].filter(Boolean);
  return parts.join(" ") || "No one is due.";
}

function renewalItem(renewal, decide) {
  const { contact, state } = renewal;
  const name = contact.name || contact.email;
  const headingId = `renewal-${contact.email.replace(/[^a-z0-9]/gi, "-")}`;
  return h(
    "li",
    { class: "renewal card", dataset: { state }, "aria-labelledby": headingId },
    h(
      "div",
      { class: "renewal-head" },
      h("h4", { class: "renewal-name", id: headingId }, name),
      h("span", { class: `tag renewal-state state-${state}` }, STATE_TAG[state]),
    ),
    h(
      "p",
      { class: "muted renewal-who" },
      [contact.name && contact.email, contact.company].filter(Boolean).join(" · "),
    ),
    h("p", { class: "renewal-why" }, lastExchangeText(contact.last_exchange)),
    renewal.idea && h("p", { class: "renewal-idea" }, h("strong", {}, "Idea: "), renewal.idea),
    state === "ready" && renewal.body && draftOf(renewal),
    state === "failed" && h("p", { class: "error-text" }, renewal.error || "The research failed."),
    state === "no_name" &&
      h("p", { class: "hint" }, "Research needs their name: add it to your contacts file and import again."),
    actions(renewal, name, decide),
  );
}

function draftOf(renewal) {
  return h(
    "div",
    { class: "renewal-draft" },
    h("p", { class: "renewal-subject" }, h("span", { class: "muted" }, "Subject: "), renewal.subject),
    h("p", { class: "renewal-body" }, renewal.body),
  );
}

function actions(renewal, name, decide) {
  const days = h(
    "select",
    { class: "snooze-days", "aria-label": `Snooze ${name} for` },
    SNOOZE_DAYS.map(([value, label]) => h("option", { value: String(value), selected: value === 7 }, label)),
  );
  return h(
    "div",
    { class: "renewal-actions" },
    renewal.state === "ready" &&
      h(
        "a",
        {
          class: "primary wide open-in-gmail",
          href: gmailComposeUrl({ to: renewal.contact.email, subject: renewal.subject, body: renewal.body }),
          target: "_blank",
          rel: "noopener noreferrer",
          "aria-label": `Open in Gmail: the draft to ${name}`,
        },
        "Open in Gmail",
      ),
    h(
      "div",
      { class: "renewal-buttons" },
      h(
        "div",
        { class: "snooze" },
        days,
        button("Snooze", `Snooze ${name}`, () => decide(renewal, "snooze", Number(days.value))),
      ),
      button("Skip", `Skip ${name} this time`, () => decide(renewal, "skip")),
      button("Done", `Mark ${name} done`, () => decide(renewal, "done")),
    ),
  );
}

function button(text, label, onclick) {
  return h("button", { type: "button", class: "secondary small", "aria-label": label, onclick }, text);
}
