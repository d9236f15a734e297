// The messages the extension's contexts send each other, and the one way they are handled: a table of
// handlers keyed by message type. Every reply has the shape {ok: true, result} or {ok: false, error}.

export const MSG = Object.freeze({
  // panel → service worker → content script: what the Gmail tab shows (recipient, thread, compose).
  GMAIL_READ: "rapport/gmail-read",
  // panel → service worker → content script: put {subject, body} into the Gmail compose window.
  GMAIL_INSERT: "rapport/gmail-insert",
  // content script → panels: the Gmail view changed (another thread, a compose window opened).
  GMAIL_CHANGED: "rapport/gmail-changed",
});

// Coaching inside Gmail: the panel opens a port to the Gmail tab's content script, which then sends what
// the user writes in one compose box. The port is the consent: it lives only as long as the panel (and its
// coaching) does, and the content script stops reading the moment it closes.
export const COACH = Object.freeze({
  PORT: "rapport/coach",
  // panel → content script: start, on the box a draft was inserted into ({resume: true}: only that one).
  START: "rapport/coach-start",
  // content script → panel: {compose: {kind, subject, recipients}, draft: {subject, body}}, as it changes.
  DRAFT: "rapport/coach-draft",
  // content script → panel: {reason}: "none" (no box to coach), "closed" (the box was closed or sent),
  // "left" (the user left the thread a reply belongs to). The content script then closes the port.
  END: "rapport/coach-end",
});

/** Answer runtime messages whose type has a handler; others are left to other listeners. */
export function listen(handlers, runtime = chrome.runtime) {
  runtime.onMessage.addListener((message, sender, reply) => {
    const handle = handlers[message?.type];
    if (!handle) return false;
    Promise.resolve()
      .then(() => handle(message, sender))
      .then(
        (result) => reply({ ok: true, result }),
        (error) => reply({ ok: false, error: error?.message || String(error) }),
      );
    return true; // the reply comes later
  });
}

/** The result of a handled message, or throws with the handler's error message. */
export function unwrap(reply) {
  if (!reply) throw new Error("No part of Rapport answered; reload the Gmail tab and try again.");
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}
