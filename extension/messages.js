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
