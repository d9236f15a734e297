// The content script: reads and writes the Gmail page through gmail.js, answers the service worker, tells
// open panels when the view changes, and sends a coaching panel what the user writes (coach.js). It never
// calls the network.

import { COACH, MSG, listen } from "../messages.js";
import { followPage, serveCoaching } from "./coach.js";
import { insertDraft, readGmail } from "./gmail.js";

listen({
  [MSG.GMAIL_READ]: () => readGmail(document),
  [MSG.GMAIL_INSERT]: ({ draft }) => insertDraft(document, draft),
});

chrome.runtime.onConnect.addListener((port) => {
  if (port.name === COACH.PORT) serveCoaching(port);
});

// Gmail is a single page that rewrites itself: watch it, and speak only when what the panel shows would
// change (another thread, another recipient, a compose box opened or closed).
let lastKey = null;
let timer = null;

function keyOf(state) {
  return JSON.stringify([state.view, state.subject, state.recipient?.email, state.compose?.kind]);
}

function check() {
  timer = null;
  followPage();
  const state = readGmail(document);
  const key = keyOf(state);
  if (key === lastKey) return;
  lastKey = key;
  chrome.runtime.sendMessage({ type: MSG.GMAIL_CHANGED, gmail: state }).catch(() => {
    // No panel is open: nobody to tell.
  });
}

function soon() {
  if (timer === null) timer = setTimeout(check, 400);
}

check(); // a panel already open learns what this (re)loaded page shows
new MutationObserver(soon).observe(document.body || document.documentElement, {
  childList: true,
  subtree: true,
});
window.addEventListener("hashchange", soon);
