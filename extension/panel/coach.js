// Coaching inside Gmail, the panel's half: after Insert the draft lives in Gmail's compose box, so the
// panel keeps checking what the user writes there (through the service's checks, a moment after they stop
// typing) and shows the score and advice as they follow the edits. The Gmail bridge (platform-chrome.js)
// reads that one box only while this panel coaches; the web page has no Gmail, so no coaching.

import { renderChecks } from "./view.js";

// After typing stops (the content script has already coalesced keystrokes): one check, not one per key.
const CHECK_DELAY_MS = 700;
const MAX_BODY_CHARS = 20_000; // what the service checks at most

const ENDINGS = {
  none: () => "Rapport couldn't find the message in Gmail. Click into it there, then press Check again.",
  closed: (what) => `${what} was sent or closed in Gmail.`,
  left: (what) => `You left the thread in Gmail, so Rapport stopped reading ${lower(what)}.`,
  gone: () => "The Gmail page was reloaded or closed.",
  stopped: (what) => `You stopped it. Rapport no longer reads ${lower(what)}.`,
};

/**
 * The coaching card: start(gmail) after Insert (or {resume: true} when the panel opens, for a box a draft
 * was inserted into earlier), stop() when the run it belongs to goes away. check(draft, {signal}) runs the
 * service's checks; onError(error, retry) explains a failure the user can act on.
 */
export function createCoach({ section, check, onError }) {
  const $ = (name) => section.querySelector(`[data-coach="${name}"]`);
  let session = null;
  let lastGmail = null;

  function start(gmail, { resume = false } = {}) {
    if (!gmail?.watchCompose) return; // the web page: no Gmail to coach in
    end(null);
    lastGmail = gmail;
    const current = { compose: null, draft: null, checked: null, checks: null, timer: null, abort: null };
    session = current;
    current.stop = gmail.watchCompose(
      { resume },
      {
        onDraft: (update) => session === current && follow(current, update),
        onEnd: (reason) => session === current && end(reason, { quiet: resume && reason === "none" }),
      },
    );
    if (resume) return; // shown when the content script answers with a box
    show(current);
    section.scrollIntoView({ block: "nearest" }); // just under Insert: bring it into the narrow panel's view
  }

  function follow(current, { compose, draft }) {
    current.compose = compose;
    current.draft = draft;
    show(current);
    clearTimeout(current.timer);
    if (!draft.body.trim()) {
      current.abort?.abort();
      current.checked = null;
      current.checks = null;
      say("Nothing written yet: the advice shows here as you write in Gmail.");
      draw(null);
      return;
    }
    current.abort?.abort();
    if (JSON.stringify(draft) === current.checked) {
      draw(current.checks); // typed and undone before the check went out: what is shown is about this text
      return;
    }
    draw(current.checks, { pending: true });
    say(current.checks ? "" : "Checking…");
    current.timer = setTimeout(() => runCheck(current), CHECK_DELAY_MS);
  }

  async function runCheck(current) {
    const draft = current.draft;
    if (draft.body.length > MAX_BODY_CHARS) {
      draw(null);
      say(`This message is longer than Rapport checks (${MAX_BODY_CHARS.toLocaleString("en")} characters).`);
      return;
    }
    const abort = new AbortController();
    current.abort = abort;
    try {
      const checks = await check(draft, { signal: abort.signal });
      if (session !== current) return;
      current.checks = checks;
      current.checked = JSON.stringify(draft);
      draw(checks);
      say("");
    } catch (error) {
      if (abort.signal.aborted || session !== current) return;
      draw(current.checks, { failed: true });
      say(current.checks ? "" : "Couldn't check this edit.");
      onError(error, () => runCheck(current));
    }
  }

  function show(current) {
    section.dataset.state = "active";
    $("title").textContent = "Checking your Gmail draft";
    $("target").textContent = current.compose
      ? `${describe(current.compose)}, checked as you write in Gmail. Rapport reads only this message, ` +
        "and only while this panel is open."
      : "Reading the message you inserted into Gmail…";
    $("stop").hidden = false;
    $("again").hidden = true;
    section.hidden = false;
  }

  /** End the session: reason says why in the card; null (a new run, a new start) hides it. */
  function end(reason, { quiet = false } = {}) {
    const current = session;
    session = null;
    if (current) {
      clearTimeout(current.timer);
      current.abort?.abort();
      current.stop?.();
    }
    if (!reason || quiet) {
      section.hidden = true;
      return;
    }
    const what = current?.compose ? describe(current.compose) : "Your message";
    section.dataset.state = "ended";
    $("title").textContent = "Stopped checking your Gmail draft";
    $("target").textContent = ENDINGS[reason]?.(what) || ENDINGS.gone();
    draw(null);
    say("");
    $("stop").hidden = true;
    $("again").hidden = reason === "closed"; // a closed box is gone: there is nothing to check again
    section.hidden = false;
  }

  function draw(checks, options) {
    renderChecks($("checks"), checks, options);
    // Beside the panel draft's own score, this one names what it scores.
    $("checks").querySelector("meter")?.setAttribute("aria-label", "Gmail draft score");
  }

  function say(text) {
    $("status").textContent = text;
  }

  $("stop").addEventListener("click", () => {
    end("stopped");
    $("again").focus(); // the Stop button is gone: keep the keyboard where the card is
  });
  $("again").addEventListener("click", () => {
    start(lastGmail);
    $("stop").focus(); // Check again is gone: keep the keyboard where the card is
  });

  return { start, stop: () => end(null) };
}

/** "Your reply to Dana Okafor", "Your new message to Priya Raman, “Subject”". */
function describe({ kind, subject, recipients }) {
  const who = (recipients || []).map((person) => person.name || person.email);
  const to = who.length ? ` to ${who.slice(0, 2).join(" and ")}${who.length > 2 ? " and others" : ""}` : "";
  const base = kind === "reply" ? `Your reply${to}` : `Your new message${to}`;
  return kind === "new" && subject ? `${base}, “${subject}”` : base;
}

function lower(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
