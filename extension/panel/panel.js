// The panel: the recipient and context, pages to read, then research and its result in tabs, the draft
// first (Draft · Ideas · Dossier · Sources). It renders, and it is the only part of the extension that
// calls the Rapport service (api.js).

import { ApiError, createClient } from "./api.js";
import { createCoach } from "./coach.js";
import { explain, explainFailedRun } from "./errors.js";
import { createExchangeRecorder } from "./exchanges.js";
import { recipientOf, renderExcluded } from "./exclusions.js";
import { createGiftsEditor } from "./gifts.js";
import { createHistory, differs } from "./history.js";
import { failedStarts, renderStartFailures, runOutcome } from "./outcome.js";
import { platform } from "./platform.js";
import { createProgress } from "./progress.js";
import { createRenewals } from "./renewals.js";
import { RECENT_SHOWN, rememberRecipient, rememberedRecipient, renderRecent } from "./recent.js";
import { contextFromThread, recipientFromGmail, recipientSource } from "./recipient.js";
import { createTabs } from "./tabs.js";
import {
  h,
  packetLabel,
  renderChecks,
  renderDossier,
  renderIdentity,
  renderPackets,
  renderProgress,
  renderWarnings,
  shortUrl,
} from "./view.js";

const $ = (id) => document.getElementById(id);
const CHECK_DELAY_MS = 600;
const READ_OFFER_DELAY_MS = 600;
const MAX_CAPTURED_BYTES = 2_500_000;

const state = {
  connection: { serverUrl: "", token: "" },
  client: null,
  gmail: null, // the bridge to the Gmail tab, or null
  page: null, // what the Gmail tab shows
  filled: { name: "", email: "", context: "" }, // what came from Gmail, to tell the user's edits apart
  urls: [],
  pages: [], // captured in the browser: {url, title, html}
  excluded: [],
  excludedPages: [], // the pages left out for this recipient, as the service keeps them: {url, title}
  recent: [], // the newest runs, to reopen one
  tabs: [],
  request: null, // the last run request
  runId: null,
  run: null,
  following: null, // AbortController of the run being followed
  packet: null,
  checks: null,
  checkTimer: null,
  checkAbort: null,
  busy: false,
  retry: null,
  profile: null, // the sender profile, as the server has it
  profileMissing: false, // the server has none yet: research asks for it first
  profileSkipped: false, // the user chose to research without one, for now
  profileHome: null, // where the About-you card lives when it is not asking first
  resultTabs: null, // Draft · Ideas · Dossier · Sources
  history: createHistory(), // the drafts for this recipient, the user's edits included
  historyFor: "", // whose drafts the history holds
  pendingResearch: null, // the request waiting for the profile to be saved
  gifts: null, // the About-you card's gifts editor
  giftsReviewed: false, // the user edited the gifts (or saved them): typing the offer no longer rereads
  readTimer: null,
  readAbort: null,
  coach: null, // coaching inside Gmail (coach.js): checks what the user writes there after Insert
};

// The contact book learns the day of the last exchange of each thread opened (the address and the day only).
const recordExchange = createExchangeRecorder(() => (state.connection.token ? state.client : null));

// --- connection -------------------------------------------------------------------------------------------

async function connect() {
  state.connection = await platform.loadConnection();
  state.client = createClient({ baseUrl: state.connection.serverUrl, token: state.connection.token });
  if (platform.kind === "web") $("connect").hidden = Boolean(state.connection.token);
  setConnection("checking", "Connecting…");
  try {
    await state.client.health();
    if (!state.connection.token) throw new ApiError("no_token", "No API token is set yet.");
    await state.client.checkToken();
    setConnection("ok", "Connected");
    if ($("alert").dataset.about === "connection") clearAlert();
    loadProfile();
    if (state.page) recordExchange(state.page); // a thread read before the connection was up
  } catch (error) {
    const labels = { unreachable: "Server offline", no_token: "Needs token", unauthorized: "Token rejected" };
    setConnection(error.kind === "unreachable" ? "offline" : "problem", labels[error.kind] || "Problem");
    // On the web page, the connection form already asks for the token.
    if (!(error.kind === "no_token" && platform.kind === "web"))
      showError(error, { retry: connect, about: "connection" });
  }
}

function setConnection(status, text) {
  const el = $("connection");
  el.dataset.status = status;
  el.textContent = text;
  el.title = state.connection.serverUrl ? `Rapport server: ${state.connection.serverUrl}` : "";
}

function openSettings() {
  if (platform.openSettings) {
    platform.openSettings();
    return;
  }
  $("connect").hidden = false;
  $("connect-token").value = state.connection.token;
  $("connect-token").focus();
}

async function saveToken(event) {
  event.preventDefault();
  const token = $("connect-token").value.trim();
  if (!token) {
    $("connect-token").focus();
    return;
  }
  await platform.saveConnection({ ...state.connection, token });
  await connect();
}

// --- alerts -----------------------------------------------------------------------------------------------

function showAlert({ title, text, actions = [] }, { retry = null, about = "" } = {}) {
  $("alert-title").textContent = title;
  // `command` in a message is shown as code: something to type.
  $("alert-text").replaceChildren(
    ...text
      .split("`")
      .map((part, index) => (index % 2 ? h("code", {}, part) : document.createTextNode(part))),
  );
  $("alert-settings").hidden = !actions.includes("settings");
  $("alert-retry").hidden = !(actions.includes("retry") && retry);
  $("alert").dataset.about = about;
  state.retry = retry;
  $("alert").hidden = false;
}

function showError(error, options = {}) {
  showAlert(explain(error, { server: state.connection.serverUrl }), options);
}

function clearAlert() {
  $("alert").hidden = true;
  $("alert").dataset.about = "";
  state.retry = null;
}

// --- Gmail ------------------------------------------------------------------------------------------------

async function attachGmail() {
  state.gmail = await platform.connectGmail();
  updateInsert();
  if (!state.gmail) {
    if (platform.kind === "extension") {
      showNote(
        "No Gmail tab is open. Open a thread in Gmail and reopen Rapport there, or type who you're writing to.",
      );
    }
    return;
  }
  state.gmail.onChange(onGmailChange);
  try {
    onGmailChange(await state.gmail.read());
  } catch (error) {
    showNote(`Couldn't read the Gmail tab: ${error.message}`);
  }
}

function onGmailChange(page) {
  state.page = page;
  updateInsert();
  recordExchange(page);
  const recipient = recipientFromGmail(page);
  if (!recipient) return;
  const typed = { name: $("person-name").value.trim(), email: $("person-email").value.trim().toLowerCase() };
  if (typed.email === recipient.email) return;
  const untouched = !state.runId && typed.name === state.filled.name && typed.email === state.filled.email;
  if (untouched) {
    fillFromGmail(page);
  } else {
    showNote(`Gmail now shows ${recipient.name || recipient.email}.`, {
      label: "Write to them instead",
      onclick: () => {
        resetRun();
        fillFromGmail(state.page);
      },
    });
  }
}

function fillFromGmail(page) {
  const recipient = recipientFromGmail(page);
  if (!recipient) return;
  const context = contextFromThread(page);
  $("person-name").value = recipient.name;
  $("person-email").value = recipient.email;
  $("person-title").value = "";
  $("person-company").value = "";
  $("context").value = context;
  state.filled = { name: recipient.name, email: recipient.email, context };
  state.excluded = [];
  $("recipient-source").textContent =
    `Read from ${recipientSource(page)} in Gmail. Correct it if it's wrong.`;
  $("context-hint").textContent = context
    ? "The thread's last messages, trimmed. Edit freely: it shapes the draft."
    : "It shapes the draft. Edit it freely; nothing here is sent to anyone else.";
  hideNote();
  expandSetup();
}

function showNote(text, action = null) {
  const note = $("gmail-note");
  note.replaceChildren(
    h("span", {}, text),
    action
      ? h("button", { type: "button", class: "secondary", onclick: action.onclick }, action.label)
      : null,
  );
  note.hidden = false;
}

function hideNote() {
  $("gmail-note").hidden = true;
}

function updateInsert() {
  const button = $("insert");
  if (!button) return; // the web page has no Gmail to insert into
  button.disabled = !state.gmail;
  button.title = state.gmail ? "" : "Open Gmail to insert the draft";
}

// --- pages to read ----------------------------------------------------------------------------------------

function renderPages() {
  const items = [
    ...state.urls.map((url) => ({ url, label: shortUrl(url), kind: "url" })),
    ...state.pages.map((page) => ({ url: page.url, label: page.title || shortUrl(page.url), kind: "page" })),
  ];
  $("page-list").replaceChildren(
    ...items.map((item) =>
      h(
        "li",
        { class: "page-item" },
        h(
          "span",
          { class: "page-text" },
          item.kind === "page" ? h("span", { class: "tag tag-captured" }, "From your browser") : null,
          h(
            "a",
            { href: item.url, target: "_blank", rel: "noopener noreferrer", title: item.url },
            item.label,
          ),
        ),
        h(
          "button",
          {
            type: "button",
            class: "link-button",
            "aria-label": `Remove ${item.label}`,
            onclick: () => {
              if (item.kind === "url") state.urls = state.urls.filter((url) => url !== item.url);
              else state.pages = state.pages.filter((page) => page.url !== item.url);
              renderPages();
            },
          },
          "Remove",
        ),
      ),
    ),
  );
}

function pageError(text) {
  $("url-error").textContent = text;
  $("url-error").hidden = !text;
}

function addUrl() {
  const input = $("new-url");
  let text = input.value.trim();
  if (!text) return;
  if (!/^[a-z]+:\/\//i.test(text)) text = `https://${text}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname.includes(".")) {
    pageError("That doesn't look like a web page's address. It starts with https://");
    input.focus();
    return;
  }
  pageError("");
  if (!state.urls.includes(url.href)) state.urls.push(url.href);
  input.value = "";
  renderPages();
}

async function refreshTabs() {
  if (!platform.tabs) return;
  state.tabs = await platform.tabs.list();
  const select = $("tab-select");
  const chosen = select.value;
  select.replaceChildren(
    ...(state.tabs.length
      ? state.tabs.map((tab) => h("option", { value: String(tab.id) }, `${tab.title} — ${shortUrl(tab.url)}`))
      : [h("option", { value: "" }, "No other pages are open in this window")]),
  );
  if (state.tabs.some((tab) => String(tab.id) === chosen)) select.value = chosen;
  select.disabled = !state.tabs.length;
  $("use-this-page").disabled = !state.tabs.length;
  $("use-page").hidden = false;
}

async function useThisPage() {
  const tab = state.tabs.find((item) => String(item.id) === $("tab-select").value);
  if (!tab) return;
  pageError("");
  const button = $("use-this-page");
  button.disabled = true;
  try {
    const page = await platform.tabs.capture(tab); // first: Chrome asks for permission during the click
    const size = new Blob([page.html]).size;
    if (size > MAX_CAPTURED_BYTES) {
      throw new Error(
        `That page is too large to hand over (${(size / 1e6).toFixed(1)} MB). Add its address instead.`,
      );
    }
    state.pages = [...state.pages.filter((item) => item.url !== page.url), page];
    renderPages();
  } catch (error) {
    pageError(error.message);
  } finally {
    button.disabled = false;
  }
}

// --- research ---------------------------------------------------------------------------------------------

function buildRequest() {
  const name = $("person-name");
  const email = $("person-email");
  for (const input of [name, email]) input.removeAttribute("aria-invalid");
  if (!name.value.trim()) {
    name.setAttribute("aria-invalid", "true");
    showAlert({
      title: "Who are you writing to?",
      text: "Add their name (and their email, if you have it).",
    });
    name.focus();
    return null;
  }
  if (!email.checkValidity()) {
    email.setAttribute("aria-invalid", "true");
    showAlert({ title: "That email doesn't look right", text: "Check the address, or leave it empty." });
    email.focus();
    return null;
  }
  const value = (id) => $(id).value.trim() || null;
  return {
    person: {
      name: name.value.trim(),
      email: value("person-email"),
      title: value("person-title"),
      company: value("person-company"),
    },
    urls: [...state.urls],
    pages: state.pages.map(({ url, html }) => ({ url, html })),
    exclude_urls: [...state.excluded],
    context: value("context"),
    tone: $("tone").value,
  };
}

async function research(event) {
  event?.preventDefault();
  const request = buildRequest();
  if (request && state.profileMissing && !state.profileSkipped) askForProfile(request);
  else if (request) await runResearch(request);
}

async function runResearch(request) {
  const following = follow();
  const kept = followRecipient(request.person);
  beginRun(request);
  try {
    const created = await state.client.startRun(request);
    state.runId = created.run_id;
    await watchRun(created.run_id, request, following, { kept });
  } catch (error) {
    if (following.signal.aborted) return;
    endProgress("failed");
    if (!state.runId) $("progress").hidden = true; // nothing started: the alert says why
    showError(error, { retry: () => runResearch(request) });
    if (state.runId) {
      const run = await state.client.getRun(state.runId).catch(() => null);
      if (run) showRun(run);
    }
    if (!state.run) expandSetup();
  } finally {
    endFollowing(following);
  }
}

/** Stop following the run shown (it goes on at the server) and take over; returns the new controller. */
function follow() {
  state.following?.abort();
  state.following = new AbortController();
  return state.following;
}

function endFollowing(following) {
  if (state.following === following) {
    state.following = null;
    setBusy(false);
  }
}

/** The panel as a run about `request` starts: the form folded away, progress in its place. */
function beginRun(request) {
  clearAlert();
  hideNote();
  resetRun();
  state.request = request;
  setBusy(true);
  collapseSetup(request);
  rememberRecipient(request.person);
  $("progress").hidden = false;
  $("progress").dataset.status = "running";
  $("progress-title").textContent = `Researching ${request.person.name}`;
  drawRecent();
}

/** Follow a run's events to its end (the stored ones replayed first), then show the run. */
async function watchRun(runId, request, following, { kept = false } = {}) {
  const progress = createProgress();
  const refs = { stages: $("stages"), counts: $("counts"), latest: $("latest") };
  renderProgress(refs, progress);
  const { status } = await state.client.followRun(
    runId,
    (item) => {
      progress.apply(item);
      renderProgress(refs, progress);
    },
    { signal: following.signal },
  );
  const run = await state.client.getRun(runId, { signal: following.signal });
  endProgress(status === "done" && run.status === "done" ? "done" : "failed", run);
  showRun(run);
  if (kept && run.draft) sayReplaced("New draft written from the new research.");
  if (run.status === "failed") showAlert(explainFailedRun(run), { retry: () => runResearch(request) });
  refreshRecent();
}

function endProgress(status, run = null) {
  // A run that read nothing, or nothing about them, ends as a warning, not as a success.
  const outcome = run && status === "done" ? runOutcome(run) : null;
  $("progress").dataset.status = outcome?.status || status;
  const name = run?.person?.name || state.request?.person?.name || "";
  $("progress-title").textContent =
    outcome?.title || (status === "done" ? `Researched ${name}` : "Stopped before the end");
}

function resetRun() {
  state.runId = null;
  state.run = null;
  state.packet = null;
  state.checks = null;
  clearTimeout(state.checkTimer);
  state.checkAbort?.abort();
  state.coach?.stop(); // coaching hook: a new run's checks would not be about that message
  const shown = ["progress", "result", "identity", "excluded", "dossier", "packets", "draft", "no-draft"];
  for (const id of [...shown, "warnings"]) $(id).hidden = true;
  renderStartFailures($("start-failures"), [], { canHandOver: false });
  setDraftStatus("");
}

/** New research keeps the drafts' history for the same recipient (their edit first); another starts anew. */
function followRecipient(person) {
  const who = (person.email || person.name).toLowerCase();
  if (who === state.historyFor) return keepEdits();
  state.history.clear();
  state.historyFor = who;
  return false;
}

function setBusy(busy) {
  state.busy = busy;
  $("research").disabled = busy;
  $("research").textContent = busy ? "Researching…" : "Research & draft";
  $("research-again").disabled = busy;
  for (const button of document.querySelectorAll(".not-them, .put-back")) button.disabled = busy;
  setDrafting(busy);
}

function collapseSetup(request) {
  $("summary-name").textContent = request.person.name;
  const details = [
    request.person.email,
    request.urls.length + request.pages.length
      ? `${request.urls.length + request.pages.length} page(s) added`
      : null,
    request.exclude_urls.length ? `${request.exclude_urls.length} left out` : null,
  ].filter(Boolean);
  $("summary-detail").textContent = details.join(" · ");
  $("setup").hidden = true;
  $("setup-summary").hidden = false;
}

function expandSetup() {
  $("setup").hidden = false;
  $("setup-summary").hidden = true;
}

function notThisPerson(url) {
  if (!state.request || state.busy) return;
  if (!state.excluded.includes(url)) state.excluded.push(url);
  runResearch({ ...state.request, exclude_urls: [...state.excluded] });
}

// --- results ----------------------------------------------------------------------------------------------

function showRun(run) {
  const fresh = state.run?.run_id !== run.run_id;
  state.run = run;
  renderIdentity($("identity"), run, { onNotThisPerson: notThisPerson, busy: state.busy });
  renderDossier($("dossier"), run);
  for (const id of ["result", "identity", "dossier", "packets"]) $(id).hidden = false;
  if (run.tone) setTone(run.tone);
  state.packet = run.selected_packet ?? (run.draft && run.generosity?.length ? 0 : null);
  drawPackets();
  if (run.draft) showDraft(run.draft, draftLabel(run));
  $("draft").hidden = !run.draft;
  $("no-draft").hidden = Boolean(run.draft);
  // A new run opens on its draft (or, with none, on what was found); a re-draft stays where the user is.
  if (fresh) state.resultTabs.select(run.draft ? "draft" : "dossier");
  renderWarnings($("warnings"), run.warnings);
  showRecipientPages(run);
}

// --- pages left out, pages that failed (exclusions.js, outcome.js) ---------------------------------------

function showRecipientPages(run) {
  renderStartFailures($("start-failures"), failedStarts(run), { canHandOver: Boolean(platform.tabs) });
  // The service leaves out every page kept for this recipient: the run says which it left out.
  state.excluded = [...(run.given?.exclude_urls || state.excluded)];
  state.excludedPages = state.excluded.map((url) => ({ url, title: null }));
  drawExcluded();
  state.client.excludedPages(recipientOf(state.request)).then(
    (pages) => {
      if (state.run !== run) return;
      state.excludedPages = pages;
      drawExcluded();
    },
    (error) => console.warn("Couldn't list the pages left out:", error.message),
  );
}

function drawExcluded() {
  renderExcluded($("excluded"), state.excludedPages, { onPutBack: putBack, busy: state.busy });
}

async function putBack(url) {
  if (!state.request || state.busy) return;
  try {
    await state.client.putBack({ ...recipientOf(state.request), url });
  } catch (error) {
    // Already put back (in another panel, say): research with it all the same.
    if (error.code !== "exclusion_not_found") {
      showError(error, { retry: () => putBack(url) });
      return;
    }
  }
  state.excluded = state.excluded.filter((item) => item !== url);
  runResearch({ ...state.request, exclude_urls: [...state.excluded] });
}

// --- reopening runs (recent.js) ---------------------------------------------------------------------------

/** The run as it was: the form filled with what it was given, its progress replayed, its draft. */
async function openRun(runId) {
  const following = follow();
  try {
    const run = await state.client.getRun(runId, { signal: following.signal });
    const request = requestFrom(run);
    fillForm(request);
    const kept = followRecipient(request.person); // the history of drafts belongs to this recipient
    beginRun(request);
    state.runId = runId;
    drawRecent();
    await watchRun(runId, request, following, { kept });
  } catch (error) {
    if (following.signal.aborted) return;
    showError(error, { retry: () => openRun(runId) });
    if (!state.run) expandSetup();
  } finally {
    endFollowing(following);
  }
}

/** What the run was given, as a request to research again (pages captured then are not kept). */
function requestFrom(run) {
  const given = run.given || { person: run.person, urls: [], exclude_urls: [], context: null };
  const { name, email, title, company } = given.person;
  return {
    person: { name, email, title, company },
    urls: [...given.urls],
    pages: [],
    exclude_urls: [...given.exclude_urls],
    context: given.context,
    tone: given.tone || run.tone || "warm",
  };
}

function fillForm(request) {
  const { person } = request;
  for (const field of ["name", "email", "title", "company"]) $(`person-${field}`).value = person[field] || "";
  $("context").value = request.context || "";
  $("tone").value = request.tone;
  state.urls = [...request.urls];
  state.pages = [];
  state.excluded = [...request.exclude_urls];
  renderPages();
}

/** The last run about this recipient, if any, shown as it was (awaited when it has ended). */
async function restoreFor({ name, email }) {
  if (!state.client || state.runId || state.busy || !(name || email)) return;
  let runs;
  try {
    runs = await state.client.listRuns({ email: email || null, name: name || null, limit: 1 });
  } catch (error) {
    console.warn("Couldn't look up earlier runs:", error.message);
    return;
  }
  if (!runs.length || state.runId || state.busy) return;
  const opening = openRun(runs[0].run_id);
  if (runs[0].status === "done" || runs[0].status === "failed") await opening;
}

/** On opening: the recipient Gmail shows; with no Gmail tab (the web page), the one last typed here. */
async function restoreLast() {
  await refreshRecent();
  const inView = { name: $("person-name").value.trim(), email: $("person-email").value.trim() };
  await restoreFor(state.gmail ? inView : rememberedRecipient() || {});
}

async function refreshRecent() {
  try {
    state.recent = await state.client.listRuns({ limit: RECENT_SHOWN });
  } catch (error) {
    console.warn("Couldn't list recent runs:", error.message);
    return;
  }
  drawRecent();
}

function drawRecent() {
  renderRecent($("recent"), state.recent, {
    current: state.runId,
    onOpen: (runId) => {
      $("recent").open = false;
      if (runId !== state.runId) openRun(runId);
    },
  });
}

function draftLabel(run) {
  const tone = { warm: "warm", brief: "brief", formal: "formal" }[run.tone] || "";
  return `Rapport's draft${tone ? ` (${tone})` : ""}`;
}

function setTone(tone) {
  $("tone").value = tone;
  $("draft-tone").value = tone;
}

function drawPackets({ busy = false } = {}) {
  if (!state.run) return;
  renderPackets($("packets"), state.run, { selected: state.packet, onChoose: choosePacket, busy });
}

/** A draft from the server: shown, and added to the history unless it is the version shown already. */
function showDraft(draft, label) {
  const version = {
    subject: draft.subject,
    body: draft.body,
    label,
    checks: draft.checks,
    packet: state.packet,
    tone: $("draft-tone").value,
  };
  if (differs(state.history.current(), version) || !state.history.current()) state.history.push(version);
  $("draft").hidden = false; // before it is filled: the message box fits its text only when shown
  showVersion(version);
  $("draft-engine").textContent =
    draft.engine === "openai" ? "Written by your language model" : "Written offline";
  // Refining reworks the user's words: only a language model can, so offline there are no such buttons.
  const llm = draft.engine === "openai";
  $("refine").hidden = !llm;
  $("refine-absent").hidden = llm;
}

function showVersion(version) {
  $("draft-subject").value = version.subject;
  $("draft-body").value = version.body;
  fitBody();
  clearTimeout(state.checkTimer);
  state.checkAbort?.abort();
  if (version.checks) {
    state.checks = version.checks;
    renderChecks($("checks"), version.checks);
  } else {
    checkDraft();
  }
  showIdea();
  showHistory();
}

function showIdea() {
  const packet = state.run?.generosity?.[state.packet];
  $("draft-idea").hidden = !packet;
  $("draft-idea-text").textContent = packet ? packetLabel(packet) : "";
  $("draft-idea-text").title = packet ? packet.text : "";
}

async function redraft(packet, done = "New draft written around the idea you picked.") {
  if (!state.runId || !state.run) return;
  const previous = state.packet;
  const kept = keepEdits();
  state.packet = packet;
  drawPackets({ busy: true });
  setDrafting(true);
  setDraftStatus("Writing a new draft…");
  try {
    const before = state.history.current();
    const run = await state.client.redraft(state.runId, { packet, tone: $("draft-tone").value });
    showRun(run);
    // The offline writer writes the same email for the same idea and tone: say so, not "re-drafted".
    const same = state.history.current() === before && !kept;
    if (kept) sayReplaced(done);
    else setDraftStatus(same ? "It came out the same: pick another idea or tone for a different one." : done);
  } catch (error) {
    state.packet = previous;
    drawPackets();
    setDraftStatus("");
    showError(error, { retry: () => redraft(packet, done) });
  } finally {
    setDrafting(false);
  }
}

function choosePacket(index) {
  if (index !== state.packet) redraft(index);
}

function changeTone() {
  $("tone").value = $("draft-tone").value; // the next research is in this tone too
  if (state.run?.draft && !state.busy) redraft(state.packet ?? 0, "New draft written in this tone.");
}

function setDrafting(busy) {
  if (busy) $("draft").setAttribute("aria-busy", "true");
  else $("draft").removeAttribute("aria-busy");
  for (const button of document.querySelectorAll("#redraft, #refine button")) button.disabled = busy;
  $("draft-tone").disabled = busy;
}

/** What the draft panel says, also told where the ideas are (the Ideas tab hides the draft's own line). */
function setDraftStatus(text, { restore = false } = {}) {
  $("draft-status").textContent = text;
  $("ideas-status").textContent = text;
  $("restore-edit").hidden = !restore;
}

/** A new version replaced text the user had edited: say so, and offer it back in one click. */
function sayReplaced(what) {
  setDraftStatus(`${what} Your edited version is kept: Undo brings it back.`, { restore: true });
}

function fitBody() {
  const body = $("draft-body");
  body.style.height = "auto";
  body.style.height = `${Math.min(body.scrollHeight + 2, 640)}px`;
}

// --- versions and refinements ------------------------------------------------------------------------------

const REFINED = { shorter: "Shorter", warmer: "Warmer", more_formal: "More formal" };

function shownText() {
  return { subject: $("draft-subject").value, body: $("draft-body").value };
}

const YOUR_EDIT = "Your edit";

/** Before anything replaces the draft: the user's edits become a version of their own. True if the text
 * shown is the user's (edited now, or an edit brought back), so what replaces it can say it is kept. */
function keepEdits() {
  const current = state.history.current();
  if (!differs(current, shownText())) return current?.label === YOUR_EDIT;
  const edit = { ...shownText(), label: YOUR_EDIT, checks: null, packet: state.packet, tone: current.tone };
  state.history.push(edit);
  return true;
}

function moveInHistory(step) {
  keepEdits(); // so Redo can come back to them
  const version = step < 0 ? state.history.undo() : state.history.redo();
  if (!version) return;
  state.packet = version.packet;
  setTone(version.tone);
  drawPackets();
  showVersion(version);
  const { number, count } = state.history.position();
  setDraftStatus(`Back to version ${number} of ${count}: ${version.label}.`);
}

function showHistory() {
  const edited = differs(state.history.current(), shownText());
  const { number, count } = state.history.position();
  $("undo").disabled = !(state.history.canUndo() || edited);
  $("redo").disabled = !state.history.canRedo() || edited;
  const where = `Version ${number} of ${count}${edited ? ", edited" : ""}`;
  $("version").textContent = count > 1 || edited ? where : "";
}

async function refine(change) {
  if (!state.runId) return;
  const asked = shownText();
  const label = REFINED[change];
  keepEdits();
  setDrafting(true);
  setDraftStatus(`Rewriting it: ${label.toLowerCase()}…`);
  try {
    const draft = await state.client.refine(state.runId, { ...asked, change });
    showDraft(draft, label);
    setDraftStatus(`Rewritten: ${label.toLowerCase()}. Undo brings back the version before.`);
  } catch (error) {
    // A rewrite the checks refused leaves the draft as it was, and says why: nothing to retry.
    if (error.code === "refine_refused") setDraftStatus(error.message);
    else {
      setDraftStatus("");
      showError(error, { retry: () => refine(change) });
    }
  } finally {
    setDrafting(false);
  }
}

// --- editing the draft ------------------------------------------------------------------------------------

function draftEdited() {
  showHistory();
  fitBody();
  clearTimeout(state.checkTimer);
  state.checkAbort?.abort();
  renderChecks($("checks"), state.checks, { pending: true });
  state.checkTimer = setTimeout(checkDraft, CHECK_DELAY_MS);
}

async function checkDraft() {
  const abort = new AbortController();
  state.checkAbort = abort;
  const draft = { subject: $("draft-subject").value, body: $("draft-body").value, runId: state.runId };
  try {
    state.checks = await state.client.checkDraft(draft, { signal: abort.signal });
    renderChecks($("checks"), state.checks);
  } catch (error) {
    if (abort.signal.aborted) return;
    renderChecks($("checks"), state.checks, { failed: true });
    if (error.kind === "unreachable" || error.kind === "unauthorized")
      showError(error, { retry: checkDraft });
  }
}

async function insertIntoGmail() {
  if (!state.gmail) return;
  const draft = { subject: $("draft-subject").value.trim(), body: $("draft-body").value };
  setDraftStatus("Inserting into Gmail…");
  try {
    const result = await state.gmail.insert(draft);
    const where = result.target === "new" ? "your new message" : result.opened ? "a new reply" : "your reply";
    const subject =
      result.target === "new" ? "" : " The subject stays the thread's, so your reply stays in it.";
    setDraftStatus(
      `Inserted into ${where} in Gmail.${subject} Nothing is sent: review it there and press Send.`,
    );
    state.coach?.start(state.gmail); // coaching hook: keep checking it as the user edits it in Gmail
    if (state.runId) state.client.sendFeedback(state.runId, draft).catch(() => {});
  } catch (error) {
    setDraftStatus("");
    showAlert({ title: "Couldn't insert into Gmail", text: error.message });
  }
}

async function copyDraft() {
  const text = $("draft-body").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The clipboard API needs focus; the old way works from a click.
    const area = h("textarea", { class: "visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  setDraftStatus("Copied the email. Paste it into your message; the subject is above.");
}

// --- the sender's profile ---------------------------------------------------------------------------------

const PROFILE_FIELDS = ["name", "email", "role", "company", "offer", "signature"];

async function loadProfile() {
  try {
    state.profile = await state.client.getProfile();
    state.profileMissing = false;
  } catch (error) {
    if (error.code !== "profile_not_found") return; // the connection's own alert says why
    state.profile = null;
    state.profileMissing = true;
  }
  for (const field of PROFILE_FIELDS) $(`profile-${field}`).value = state.profile?.[field] || "";
  $("profile-interests").value = (state.profile?.interests || []).join(", ");
  $("profile-summary").textContent = state.profile
    ? [state.profile.name, state.profile.role].filter(Boolean).join(" · ")
    : "Not set yet: drafts are signed with no name";
  if (state.profileMissing && !state.profileSkipped) askFirst();
  if (Array.isArray(state.profile?.gifts)) showGifts(state.profile.gifts, { reviewed: true });
  else await readGifts();
}

/** First use: the About-you card comes first, above who you're writing to, with a way to skip it. */
function askFirst() {
  const card = $("profile");
  $("setup").before(card);
  card.open = true;
  $("profile-first").hidden = false;
  $("skip-profile").hidden = false;
}

/** Saved or skipped: the card goes back to its place at the end, closed; the header button opens it. */
function stopAskingFirst() {
  const card = $("profile");
  if (card.parentElement !== state.profileHome.parent) return;
  state.profileHome.parent.insertBefore(card, state.profileHome.next);
  card.open = false;
  $("profile-first").hidden = true;
  $("skip-profile").hidden = true;
  $("skip-profile").textContent = "Skip for now";
  $("save-profile").textContent = "Save profile";
}

/** Research asked for before the profile: it starts once the profile is saved (or skipped). */
function askForProfile(request) {
  state.pendingResearch = request;
  askFirst();
  $("save-profile").textContent = "Save and research";
  $("skip-profile").textContent = "Skip and research";
  $("profile").scrollIntoView({ block: "start" });
  $("profile-name").focus();
}

async function skipProfile() {
  state.profileSkipped = true;
  stopAskingFirst();
  const pending = state.pendingResearch;
  state.pendingResearch = null;
  if (pending) await runResearch(pending);
  else $("person-name").focus();
}

function openProfile() {
  const card = $("profile");
  card.open = true;
  card.scrollIntoView({ block: "start" });
  $("profile-name").focus();
}

function showGifts(gifts, { reviewed }) {
  state.gifts.set(gifts);
  state.giftsReviewed = reviewed;
  $("reread-gifts").hidden = !reviewed || !$("profile-offer").value.trim();
  const read = $("profile-offer").value.trim();
  $("gifts-hint").textContent = reviewed
    ? "As you kept them. Drafts offer only these."
    : gifts.length
      ? "Read from what you can offer. Edit, remove or add: drafts offer only these."
      : read
        ? "No gift read from your offer yet: say what you can share, send or introduce people to, or add one."
        : "Say what you can offer above, and the gifts Rapport reads from it show here.";
}

async function readGifts() {
  clearTimeout(state.readTimer);
  state.readAbort?.abort();
  const abort = new AbortController();
  state.readAbort = abort;
  const asked = {
    offer: $("profile-offer").value.trim(),
    company: $("profile-company").value.trim() || null,
    resources: state.profile?.resources || [],
    introductions: state.profile?.introductions || [],
  };
  try {
    const { gifts } = await state.client.readGifts(asked, { signal: abort.signal });
    showGifts(gifts, { reviewed: false });
  } catch (error) {
    if (abort.signal.aborted) return;
    const { title, text } = explain(error, { server: state.connection.serverUrl });
    $("gifts-hint").textContent = `Couldn't read your offer. ${title}. ${text.replaceAll("`", "")}`;
  }
}

function offerEdited() {
  clearTimeout(state.readTimer);
  if (!state.giftsReviewed) state.readTimer = setTimeout(readGifts, READ_OFFER_DELAY_MS);
  else $("reread-gifts").hidden = !$("profile-offer").value.trim();
}

function giftsEdited() {
  state.giftsReviewed = true;
  clearTimeout(state.readTimer);
  $("reread-gifts").hidden = !$("profile-offer").value.trim();
}

async function saveProfile(event) {
  event.preventDefault();
  const say = (text) => {
    $("profile-status").textContent = text;
  };
  const name = $("profile-name");
  if (!name.value.trim()) {
    say("Your name is needed: drafts are signed with it.");
    name.focus();
    return;
  }
  const fields = Object.fromEntries(
    PROFILE_FIELDS.map((field) => [field, $(`profile-${field}`).value.trim() || null]),
  );
  const interests = $("profile-interests")
    .value.split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  // Resources and introductions are kept as they are: this form does not edit them. The gifts shown are
  // the ones the user reviewed, so they are saved as such.
  const profile = { ...(state.profile || {}), ...fields, interests, gifts: state.gifts.value() };
  say("Saving…");
  try {
    state.profile = await state.client.saveProfile(profile);
    state.profileMissing = false;
    showGifts(state.profile.gifts || [], { reviewed: true });
    $("profile-summary").textContent = [state.profile.name, state.profile.role].filter(Boolean).join(" · ");
    stopAskingFirst();
    const pending = state.pendingResearch;
    state.pendingResearch = null;
    say(pending ? "Saved. Researching now…" : "Saved. New drafts use it.");
    if (pending) await runResearch(pending);
  } catch (error) {
    const { title, text } = explain(error, { server: state.connection.serverUrl });
    say(`${title}. ${text.replaceAll("`", "")}`);
  }
}

// --- start ------------------------------------------------------------------------------------------------

function wire() {
  state.gifts = createGiftsEditor($("gift-list"), { onEdit: giftsEdited });
  if ($("coach")) {
    state.coach = createCoach({
      section: $("coach"),
      check: (draft, options) => state.client.checkDraft({ ...draft, runId: state.runId }, options),
      onError: (error, retry) => {
        if (error.kind === "unreachable" || error.kind === "unauthorized") showError(error, { retry });
      },
    });
  }
  $("open-settings").addEventListener("click", openSettings);
  $("alert-settings").addEventListener("click", openSettings);
  $("alert-retry").addEventListener("click", () => {
    const retry = state.retry;
    clearAlert();
    retry?.();
  });
  $("alert-dismiss").addEventListener("click", clearAlert);
  $("connect-form").addEventListener("submit", saveToken);
  $("connect-show").addEventListener("click", (event) => {
    const input = $("connect-token");
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    event.currentTarget.textContent = show ? "Hide" : "Show";
    event.currentTarget.setAttribute("aria-pressed", String(show));
  });
  $("setup").addEventListener("submit", research);
  $("research-again").addEventListener("click", () => $("setup").requestSubmit());
  $("edit-setup").addEventListener("click", () => {
    expandSetup();
    $("person-name").focus();
  });
  $("add-url").addEventListener("click", addUrl);
  $("new-url").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addUrl();
    }
  });
  state.resultTabs = createTabs(document.querySelector("#result [role='tablist']"), {
    onSelect: (tab) => tab === "draft" && fitBody(), // a draft written while another tab showed
  });
  $("draft-tone").addEventListener("change", changeTone);
  $("redraft").addEventListener("click", () => redraft(state.packet ?? 0, "Re-drafted."));
  for (const button of document.querySelectorAll("#refine button"))
    button.addEventListener("click", () => refine(button.dataset.change));
  $("undo").addEventListener("click", () => moveInHistory(-1));
  $("redo").addEventListener("click", () => moveInHistory(1));
  $("restore-edit").addEventListener("click", () => moveInHistory(-1));
  $("change-idea").addEventListener("click", () => state.resultTabs.select("ideas", { focus: true }));
  $("draft-subject").addEventListener("input", draftEdited);
  $("draft-body").addEventListener("input", draftEdited);
  $("insert")?.addEventListener("click", insertIntoGmail);
  $("copy").addEventListener("click", copyDraft);
  $("profile-form").addEventListener("submit", saveProfile);
  $("skip-profile").addEventListener("click", skipProfile);
  $("open-profile").addEventListener("click", openProfile);
  state.profileHome = { parent: $("profile").parentElement, next: $("profile").nextElementSibling };
  $("profile-offer").addEventListener("input", offerEdited);
  $("add-gift").addEventListener("click", () => state.gifts.add());
  $("reread-gifts").addEventListener("click", readGifts);
  if (platform.tabs) {
    $("use-this-page").addEventListener("click", useThisPage);
    platform.tabs.onChange(refreshTabs);
  }
  platform.onConnectionChange(connect);
  const renewals = createRenewals($("renewals-view"), { getClient: () => state.client });
  createTabs($("views"), { onSelect: (view) => view === "renewals" && renewals.show() }).select("write");
}

async function start() {
  document.body.dataset.mode = platform.kind;
  for (const el of document.querySelectorAll("[data-only]")) {
    if (el.dataset.only !== platform.kind) el.remove();
  }
  if (platform.kind === "web") $("recipient-source").textContent = "Type their name and email.";
  wire();
  renderPages();
  await Promise.all([connect(), attachGmail(), refreshTabs()]);
  await restoreLast();
  // Coaching hook: a draft inserted before a reload is picked up once the run it came from is back (the
  // restore starts a run view afresh, which stops any coaching).
  if (state.gmail) state.coach?.start(state.gmail, { resume: true });
  document.body.dataset.ready = "true";
}

start();
