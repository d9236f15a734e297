// The panel: the recipient and context, pages to read, then research, the dossier, the packets and the
// draft. It renders, and it is the only part of the extension that calls the Rapport service (api.js).

import { ApiError, createClient } from "./api.js";
import { explain, explainFailedRun } from "./errors.js";
import { recipientOf, renderExcluded } from "./exclusions.js";
import { createGiftsEditor } from "./gifts.js";
import { failedStarts, renderStartFailures, runOutcome } from "./outcome.js";
import { platform } from "./platform.js";
import { createProgress } from "./progress.js";
import { RECENT_SHOWN, rememberRecipient, rememberedRecipient, renderRecent } from "./recent.js";
import { contextFromThread, recipientFromGmail, recipientSource } from "./recipient.js";
import {
  h,
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
  pendingResearch: null, // the request waiting for the profile to be saved
  gifts: null, // the About-you card's gifts editor
  giftsReviewed: false, // the user edited the gifts (or saved them): typing the offer no longer rereads
  readTimer: null,
  readAbort: null,
};

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
  if (request && state.profileMissing) askForProfile(request);
  else if (request) await runResearch(request);
}

async function runResearch(request) {
  const following = follow();
  beginRun(request);
  try {
    const created = await state.client.startRun(request);
    state.runId = created.run_id;
    await watchRun(created.run_id, request, following);
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
async function watchRun(runId, request, following) {
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
  for (const id of ["progress", "identity", "excluded", "dossier", "packets", "draft", "warnings"])
    $(id).hidden = true;
  renderStartFailures($("start-failures"), [], { canHandOver: false });
  $("draft-status").textContent = "";
}

function setBusy(busy) {
  state.busy = busy;
  $("research").disabled = busy;
  $("research").textContent = busy ? "Researching…" : "Research & draft";
  $("research-again").disabled = busy;
  for (const button of document.querySelectorAll(".not-them, .put-back")) button.disabled = busy;
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
  state.run = run;
  renderIdentity($("identity"), run, { onNotThisPerson: notThisPerson, busy: state.busy });
  renderDossier($("dossier"), run);
  $("identity").hidden = false;
  $("dossier").hidden = false;
  if (run.tone) $("tone").value = run.tone;
  state.packet = run.selected_packet ?? (run.draft && run.generosity?.length ? 0 : null);
  drawPackets();
  $("packets").hidden = !run.generosity?.length;
  if (run.draft) showDraft(run.draft);
  else $("draft").hidden = true;
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
    beginRun(request);
    state.runId = runId;
    drawRecent();
    await watchRun(runId, request, following);
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

function drawPackets({ busy = false } = {}) {
  if (!state.run) return;
  renderPackets($("packets"), state.run, { selected: state.packet, onChoose: choosePacket, busy });
}

function showDraft(draft) {
  $("draft-subject").value = draft.subject;
  $("draft-body").value = draft.body;
  $("draft-engine").textContent =
    draft.engine === "openai" ? "Written by your language model" : "Written offline";
  state.checks = draft.checks;
  renderChecks($("checks"), draft.checks);
  $("draft").hidden = false;
  fitBody();
}

async function redraft(packet) {
  if (!state.runId || !state.run) return;
  const previous = state.packet;
  state.packet = packet;
  drawPackets({ busy: true });
  $("draft").setAttribute("aria-busy", "true");
  setDraftStatus("Writing a new draft around this idea…");
  try {
    const run = await state.client.redraft(state.runId, { packet, tone: $("tone").value });
    showRun(run);
    setDraftStatus("New draft written around the idea you picked.");
  } catch (error) {
    state.packet = previous;
    drawPackets();
    setDraftStatus("");
    showError(error, { retry: () => redraft(packet) });
  } finally {
    $("draft").removeAttribute("aria-busy");
  }
}

function choosePacket(index) {
  if (index !== state.packet) redraft(index);
}

function changeTone() {
  if (state.run?.draft && !state.busy) redraft(state.packet ?? 0);
}

function setDraftStatus(text) {
  $("draft-status").textContent = text;
}

function fitBody() {
  const body = $("draft-body");
  body.style.height = "auto";
  body.style.height = `${Math.min(body.scrollHeight + 2, 640)}px`;
}

// --- editing the draft ------------------------------------------------------------------------------------

function draftEdited() {
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
  if (Array.isArray(state.profile?.gifts)) showGifts(state.profile.gifts, { reviewed: true });
  else await readGifts();
}

/** First use: the profile before the first research, which starts once it is saved. */
function askForProfile(request) {
  state.pendingResearch = request;
  $("profile").open = true;
  $("profile-first").hidden = false;
  $("save-profile").textContent = "Save and research";
  $("profile").scrollIntoView({ block: "start" });
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
    $("profile-first").hidden = true;
    $("save-profile").textContent = "Save profile";
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
  $("tone").addEventListener("change", changeTone);
  $("draft-subject").addEventListener("input", draftEdited);
  $("draft-body").addEventListener("input", draftEdited);
  $("insert")?.addEventListener("click", insertIntoGmail);
  $("copy").addEventListener("click", copyDraft);
  $("profile-form").addEventListener("submit", saveProfile);
  $("profile-offer").addEventListener("input", offerEdited);
  $("add-gift").addEventListener("click", () => state.gifts.add());
  $("reread-gifts").addEventListener("click", readGifts);
  if (platform.tabs) {
    $("use-this-page").addEventListener("click", useThisPage);
    platform.tabs.onChange(refreshTabs);
  }
  platform.onConnectionChange(connect);
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
  document.body.dataset.ready = "true";
}

start();
