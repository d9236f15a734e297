// The options page: where the Rapport server is, and its API token (kept in chrome.storage, never in
// code). Saving checks both with the server, through the panel's one API client.

import { createClient } from "../panel/api.js";
import { explain } from "../panel/errors.js";
import { DEFAULT_SERVER, normalizeServerUrl, permissionFor } from "../panel/settings.js";

const $ = (id) => document.getElementById(id);

function say(kind, text) {
  $("status").dataset.kind = kind;
  $("status").textContent = text;
}

async function load() {
  const saved = await chrome.storage.local.get({ serverUrl: DEFAULT_SERVER, token: "" });
  // Storage answers after the page is shown: what the user typed meanwhile is kept, not overwritten.
  for (const [id, value] of [
    ["server-url", saved.serverUrl],
    ["token", saved.token],
  ]) {
    if (!$(id).dataset.edited) $(id).value = value;
  }
  document.body.dataset.ready = "true"; // what is saved is shown: typing now is never mixed with it
}

async function save(event) {
  event.preventDefault();
  let serverUrl;
  try {
    serverUrl = normalizeServerUrl($("server-url").value);
  } catch (error) {
    say("error", error.message);
    $("server-url").focus();
    return;
  }
  // A server other than this computer needs the user's grant; Chrome asks only during the click.
  const origin = permissionFor(serverUrl);
  if (origin && !(await chrome.permissions.request({ origins: [origin] }))) {
    say(
      "error",
      `Rapport needs your permission to talk to ${new URL(serverUrl).host}. Save again and choose Allow.`,
    );
    return;
  }
  const token = $("token").value.trim();
  await chrome.storage.local.set({ serverUrl, token });
  $("server-url").value = serverUrl;
  if (!token) {
    say("error", "Saved the address. Now paste the API token: `make token` in the Rapport folder prints it.");
    return;
  }
  say("", "Saved. Checking the server…");
  const client = createClient({ baseUrl: serverUrl, token });
  try {
    const health = await client.health();
    await client.checkToken();
    say("ok", `Saved. Connected to Rapport ${health.version}, and the token works.`);
  } catch (error) {
    const { title, text } = explain(error, { server: serverUrl });
    say("error", `Saved, but: ${title}. ${text}`);
  }
}

for (const id of ["server-url", "token"]) {
  $(id).addEventListener("input", () => {
    $(id).dataset.edited = "true";
  });
}
$("settings").addEventListener("submit", save);
$("show-token").addEventListener("click", (event) => {
  const show = $("token").type === "password";
  $("token").type = show ? "text" : "password";
  event.currentTarget.textContent = show ? "Hide" : "Show";
  event.currentTarget.setAttribute("aria-pressed", String(show));
});
load();
