// Coaching inside Gmail, the content script's half: while a panel holds a coaching port open, send it what
// the user writes in one compose box (a moment after each pause in typing), and say when that box closes
// or the user leaves the thread it replies in. Nothing is read before a panel asks, nor after its port
// closes, and nothing but that box: never the thread's messages. No network: only the port.

import { COACH } from "../messages.js";
import { composeToCoach, readCompose, viewAddress } from "./gmail.js";

// Coalesces keystrokes into one message; the panel waits longer still before it checks.
const TYPING_PAUSE_MS = 200;

const sessions = new Set();

/** Serve one panel's coaching port: a START begins the session, the port's end ends it. */
export function serveCoaching(port, doc = document) {
  let session = null;
  port.onMessage.addListener((message) => {
    if (message?.type === COACH.START && !session) session = begin(port, doc, message);
  });
  port.onDisconnect.addListener(() => {
    if (session) forget(session);
  });
}

/** The page changed (Gmail rewrote part of itself, or its address): end sessions whose box is gone. */
export function followPage() {
  for (const session of sessions) {
    if (!session.box.body.isConnected) end(session, "closed");
    else if (session.box.kind === "reply" && viewAddress(session.doc) !== session.view) end(session, "left");
    else send(session); // recipients or the subject may have changed; sends only what changed
  }
}

function begin(port, doc, { resume = false }) {
  const box = composeToCoach(doc, { insertedOnly: resume });
  if (!box) {
    port.postMessage({ type: COACH.END, reason: "none" });
    port.disconnect();
    return null;
  }
  const session = { port, doc, box, view: viewAddress(doc), sent: null, timer: null };
  session.onInput = () => {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => send(session), TYPING_PAUSE_MS);
  };
  for (const field of [box.body, box.subject]) field?.addEventListener("input", session.onInput);
  sessions.add(session);
  send(session);
  return session;
}

function send(session) {
  clearTimeout(session.timer);
  const update = readCompose(session.doc, session.box);
  const key = JSON.stringify(update);
  if (key === session.sent) return;
  session.sent = key;
  session.port.postMessage({ type: COACH.DRAFT, ...update });
}

function end(session, reason) {
  forget(session);
  session.port.postMessage({ type: COACH.END, reason });
  session.port.disconnect();
}

function forget(session) {
  clearTimeout(session.timer);
  for (const field of [session.box.body, session.box.subject]) {
    field?.removeEventListener("input", session.onInput);
  }
  sessions.delete(session);
}
