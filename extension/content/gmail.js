// Everything Rapport knows about Gmail's page lives in this module: how to read the recipient and the
// thread, and how to write a draft into a compose box. When Gmail changes, this file and the saved pages
// in tests/fixtures/gmail/ change together, and nothing else does.
//
// Each selector says where it was seen: Gmail's desktop web UI in English, November 2026 (see the fixtures'
// README). Gmail's class names are obfuscated but have been stable for years; attributes (email, name,
// data-hovercard-id, g_editable, name="subjectbox") are preferred where Gmail offers them.
//
// The functions take the document as an argument and never touch the network.

const SELECTORS = Object.freeze({
  // The conversation area, holding either the message list or an open thread.
  // Seen: <div class="nH bkK" role="main"> on the inbox and thread views.
  main: 'div[role="main"]',
  // The open thread's subject. Seen: <h2 class="hP" data-thread-perm-id="thread-f:…"> above the messages.
  threadSubject: "h2.hP",
  // One message of a thread: expanded (div.adn) or collapsed (div.adf), both marked .ads.
  // Seen: <div class="adn ads" data-message-id="#msg-f:…" data-legacy-message-id="…">.
  message: "div.ads",
  // A message's sender, with the address and display name as attributes.
  // Seen: <span class="gD" email="dana@…" name="Dana Okafor" data-hovercard-id="dana@…"> in h3.iw.
  sender: "span.gD[email]",
  // A message's date; the title holds the full form. Seen: <span class="g3" title="Wed, Jun 17, 2026, 4:48 PM">.
  date: "span.g3[title]",
  // A message's recipients in the "to me" line. Seen: <span class="g2" email="alex@…" name="me">.
  recipient: "span.g2[email]",
  // An expanded message's body. Seen: <div class="a3s aiL"> inside div.ii.gt.
  body: "div.a3s",
  // A collapsed message's one-line snippet (its body is not in the page). Seen: <div class="iA g6">.
  snippet: ".iA.g6",
  // Inside a body: quoted earlier messages, signatures and Gmail's "trimmed content" markers.
  // Seen: div.gmail_quote (after "On … wrote:" in div.gmail_attr), blockquote.gmail_quote,
  // div.gmail_signature and span.gmail_signature_prefix ("-- "), div.yj6qo and div.adL (trimmed content),
  // and .im around quoted text in older messages.
  quoted:
    ".gmail_quote, .gmail_attr, blockquote, .gmail_signature, .gmail_signature_prefix, .yj6qo, .adL, .im",
  // Where a draft keeps the sender's signature and the quoted thread: a draft goes above these.
  // Seen: span.gmail_signature_prefix + div.gmail_signature in a new message; div.gmail_quote in a reply.
  keepInBody: ".gmail_signature_prefix, .gmail_signature, .gmail_quote",
  // The editable body of any compose box, a new message or an inline reply. The aria-label is translated
  // with the UI; g_editable is not. Seen: <div class="Am aiL Al editable" aria-label="Message Body"
  // g_editable="true" role="textbox" contenteditable="true">.
  composeBody:
    'div[contenteditable="true"][g_editable="true"], div[contenteditable="true"][aria-label="Message Body"]',
  // A new message's window. Seen: <div class="nH Hd" role="dialog" aria-labelledby="…"> at the page's end.
  composeDialog: 'div[role="dialog"]',
  // An inline reply box under a thread. Seen: <div class="ip adB"> > <div class="M9"> > div[role=region].
  inlineReply: "div.ip, div.M9",
  // A compose box's subject. Seen: <input name="subjectbox" placeholder="Subject"> in a new message;
  // type="hidden" in an inline reply, which keeps the thread's subject.
  subject: 'input[name="subjectbox"]',
  // Recipient chips in a compose box. Seen: <div class="afV" role="option" data-hovercard-id="priya@…"
  // data-name="Priya Raman"> in a new message's To field, and <span class="vN bfK" email="…" name="…"> in
  // an inline reply's recipient summary.
  chip: "div.afV[data-hovercard-id], div[role='option'][data-hovercard-id], span.vN[email]",
  // The chip's shown name when it carries no attribute for it. Seen: <div class="akl">, <div class="vT">.
  chipName: ".akl, .vT",
  // Reply: the link under the last message, or the button in a message's header (English aria-label).
  // Seen: <span class="ams bkH" role="link">Reply</span>; <div role="button" aria-label="Reply">.
  replyButton: 'span.ams.bkH[role="link"], div[role="button"][aria-label="Reply"]',
  // The signed-in account. Seen: <a class="gb_B …" aria-label="Google Account: Alex Moreno (alex@…)">.
  account: 'a[aria-label^="Google Account:"]',
  // Rows of the message list. Seen: <tr class="zA zE"> (unread) and <tr class="zA yO"> in table.F.zt.
  listRow: "tr.zA",
});

// The page title names the account: "Inbox (3) - alex@example.com - Gmail" (seen on every view).
const TITLE_ACCOUNT = /\s-\s([^\s@]+@[^\s@]+\.[^\s@]+)\s-\s/;
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/;
const BLOCK = new Set(["DIV", "P", "BR", "LI", "TR", "H1", "H2", "H3", "H4", "BLOCKQUOTE", "PRE", "TABLE"]);

// The compose box each page last wrote a draft into, so the panel can keep checking that one.
const written = new WeakMap(); // document → compose box

/**
 * What the Gmail page shows, for the side panel: the view, the account, the recipient (from an open
 * compose box's chips first, else the thread's last sender who is not the account), the thread's last
 * messages (oldest first) and the open compose box, if any.
 */
export function readGmail(doc, { messages: limit = 5, chars = 1500 } = {}) {
  const account = readAccount(doc);
  const main = doc.querySelector(SELECTORS.main);
  const subjectEl = main?.querySelector(SELECTORS.threadSubject);
  const thread = subjectEl
    ? { subject: clean(subjectEl.textContent), messages: readMessages(main, account, chars).slice(-limit) }
    : null;
  const box = findCompose(doc);
  const compose = box
    ? { kind: box.kind, subject: box.subject?.value || null, recipients: readChips(box.container, account) }
    : null;
  const recipient = compose?.recipients[0] || threadRecipient(thread) || null;
  let view = "other";
  if (thread) view = "thread";
  else if (main?.querySelector(SELECTORS.listRow)) view = "list";
  return {
    view,
    account,
    subject: compose?.subject || thread?.subject || null,
    recipient,
    thread,
    compose,
  };
}

/**
 * Put a draft into the open compose box: a new message gets subject and body; an inline reply gets the
 * body only (its subject keeps the thread together). With no box open on a thread, Reply is clicked first.
 */
export async function insertDraft(doc, { subject, body }, { timeoutMs = 4000 } = {}) {
  let box = findCompose(doc);
  let opened = false;
  if (!box) {
    const main = doc.querySelector(SELECTORS.main);
    const replies = main?.querySelector(SELECTORS.threadSubject)
      ? [...main.querySelectorAll(SELECTORS.replyButton)]
      : [];
    const reply = replies.at(-1);
    if (!reply)
      throw new Error(
        "No compose window is open. Open the thread or start a new message in Gmail, then press Insert again.",
      );
    click(reply);
    box = await waitFor(doc, () => findCompose(doc), timeoutMs);
    if (!box)
      throw new Error("Gmail did not open a reply box. Click Reply in Gmail, then press Insert again.");
    opened = true;
  }
  const setSubject = box.kind === "new" && Boolean(subject) && box.subject?.type !== "hidden";
  if (setSubject) fillInput(box.subject, subject);
  writeBody(box.body, body);
  written.set(doc, box);
  return { target: box.kind, subject: setSubject ? "set" : "kept", opened };
}

/**
 * The compose box to coach: the one a draft was last inserted into while it is still open, else (unless
 * `insertedOnly`) the one the user is typing in. Null when there is none.
 */
export function composeToCoach(doc, { insertedOnly = false } = {}) {
  const inserted = written.get(doc);
  // Gmail keeps a thread's page hidden when another view opens: a hidden reply belongs to a thread left.
  const open =
    inserted?.body.isConnected && (inserted.kind === "new" || inserted.body.getClientRects().length);
  if (open) return inserted;
  if (insertedOnly) return null;
  const active = doc.activeElement;
  return active ? composeBoxes(doc).find((box) => box.container.contains(active)) || null : null;
}

/**
 * What the user is writing in a compose box, and which box it is: the body's own lines (the signature and
 * the quoted thread under it left out), the subject of a new message (a reply's is the thread's), and its
 * recipients.
 */
export function readCompose(doc, box) {
  const subject = box.kind === "new" && box.subject?.type !== "hidden" ? box.subject.value : "";
  return {
    compose: {
      kind: box.kind,
      subject: subject || null,
      recipients: readChips(box.container, readAccount(doc)),
    },
    draft: { subject, body: writtenText(box.body) },
  };
}

/**
 * Where the user is in Gmail: its address names the view (`#inbox/FMfcg…` for a thread). An inline reply
 * belongs to the thread it was opened under; when this changes, the user has left that thread.
 */
export function viewAddress(doc) {
  return doc.defaultView?.location.hash || "";
}

// --- reading -------------------------------------------------------------------------------------------

function readAccount(doc) {
  const fromTitle = TITLE_ACCOUNT.exec(doc.title || "")?.[1] || null;
  const label = doc.querySelector(SELECTORS.account)?.getAttribute("aria-label") || "";
  const email = fromTitle || EMAIL.exec(label)?.[0] || null;
  const name = clean(label.replace(/^Google Account:/, "").replace(/\(.*$/s, "")) || null;
  return email ? { name, email: email.toLowerCase() } : null;
}

function readMessages(main, account, chars) {
  return [...main.querySelectorAll(SELECTORS.message)].map((message) => {
    const sender = message.querySelector(SELECTORS.sender);
    const body = message.querySelector(SELECTORS.body);
    const from = person(sender?.getAttribute("email"), sender?.getAttribute("name"));
    const to = [...message.querySelectorAll(SELECTORS.recipient)]
      .map((el) => person(el.getAttribute("email"), el.getAttribute("name")))
      .filter(Boolean);
    const text = body ? bodyText(body) : clean(message.querySelector(SELECTORS.snippet)?.textContent || "");
    return {
      from: from && { ...from, me: isAccount(from, account) },
      to: to.map((p) => ({ ...p, me: isAccount(p, account) })),
      date: message.querySelector(SELECTORS.date)?.getAttribute("title") || null,
      text: truncate(text, chars),
      complete: Boolean(body), // a collapsed message shows only its snippet
    };
  });
}

function threadRecipient(thread) {
  if (!thread) return null;
  const messages = [...thread.messages].reverse();
  const sender = messages.find((m) => m.from && !m.from.me)?.from;
  const addressee = messages.flatMap((m) => m.to).find((p) => !p.me);
  const found = sender || addressee;
  return found ? { name: found.name, email: found.email } : null;
}

function readChips(container, account) {
  const seen = new Set();
  const people = [];
  for (const chip of container.querySelectorAll(SELECTORS.chip)) {
    const email = chip.getAttribute("data-hovercard-id") || chip.getAttribute("email");
    const name =
      chip.getAttribute("data-name") ||
      chip.getAttribute("name") ||
      chip.querySelector(SELECTORS.chipName)?.textContent;
    const found = person(email, name);
    if (found && !isAccount(found, account) && !seen.has(found.email)) {
      seen.add(found.email);
      people.push(found);
    }
  }
  return people;
}

/** The page's compose boxes (the shown ones, when some are): {kind, body, container, subject}. */
function composeBoxes(doc) {
  const bodies = [...doc.querySelectorAll(SELECTORS.composeBody)];
  const shown = bodies.filter((el) => el.getClientRects().length > 0);
  return (shown.length ? shown : bodies).map((body) => {
    const dialog = body.closest(SELECTORS.composeDialog);
    const container = dialog || body.closest(SELECTORS.inlineReply) || body.parentElement;
    return {
      kind: dialog ? "new" : "reply",
      body,
      container,
      subject: container.querySelector(SELECTORS.subject),
    };
  });
}

/** The compose box to write into: the focused one, else the newest new-message window, else an inline reply. */
function findCompose(doc) {
  const candidates = composeBoxes(doc);
  const active = doc.activeElement;
  return (
    candidates.find((box) => active && box.container.contains(active)) ||
    candidates.filter((box) => box.kind === "new").at(-1) ||
    candidates.at(-1) ||
    null
  );
}

function person(email, name) {
  const address = EMAIL.exec(email || "")?.[0]?.toLowerCase();
  if (!address) return null;
  const shown = clean(name || "");
  return { name: shown && shown !== address && shown.toLowerCase() !== "me" ? shown : null, email: address };
}

function isAccount(who, account) {
  return Boolean(account && who.email === account.email);
}

/** A message body's own words: quoted replies, signatures and trimmed content removed, paragraphs kept. */
function bodyText(body) {
  const copy = body.cloneNode(true);
  for (const el of copy.querySelectorAll(SELECTORS.quoted)) el.remove();
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === 3) parts.push(node.nodeValue);
    else if (node.nodeType === 1) {
      if (BLOCK.has(node.tagName)) parts.push("\n");
      node.childNodes.forEach(walk);
      if (BLOCK.has(node.tagName)) parts.push("\n");
    }
  };
  walk(copy);
  return parts
    .join("")
    .split("\n")
    .map(clean)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The lines the user wrote in a compose body, as Gmail keeps them (one <div> per line, <div><br></div> for
 * an empty one, text and <br> at the top level too), without the signature and the quoted thread.
 */
function writtenText(editor) {
  const lines = [""];
  const breakLine = () => {
    if (lines.at(-1) !== "") lines.push("");
  };
  const walk = (node) => {
    if (node.nodeType === 3) lines[lines.length - 1] += node.nodeValue;
    if (node.nodeType !== 1 || node.matches(SELECTORS.keepInBody)) return;
    if (node.tagName === "BR") {
      // A <br> ending a line of text draws nothing; anywhere else it ends a line.
      const endsText = node === node.parentNode.lastChild && lines.at(-1) !== "";
      if (!endsText) lines.push("");
      return;
    }
    const block = BLOCK.has(node.tagName);
    if (block) breakLine();
    node.childNodes.forEach(walk);
    if (block) breakLine();
  };
  editor.childNodes.forEach(walk);
  return lines
    .join("\n")
    .replace(/\u00a0/g, " ") // contenteditable keeps runs of spaces apart with no-break spaces
    .trim();
}

// --- writing -------------------------------------------------------------------------------------------

/** Replace what the user has not written yet with the draft, keeping the signature and quoted thread. */
function writeBody(editor, text) {
  const keep = [...editor.childNodes].find(
    (node) =>
      node.nodeType === 1 && (node.matches(SELECTORS.keepInBody) || node.querySelector(SELECTORS.keepInBody)),
  );
  for (const node of [...editor.childNodes]) {
    if (node === keep) break;
    node.remove();
  }
  const doc = editor.ownerDocument;
  const lines = text.replace(/\r\n?/g, "\n").trimEnd().split("\n");
  // Gmail writes one <div> per line and <div><br></div> for an empty one.
  const divs = lines.map((line) => {
    const div = doc.createElement("div");
    if (line) div.textContent = line;
    else div.append(doc.createElement("br"));
    return div;
  });
  if (keep) {
    const gap = doc.createElement("div");
    gap.append(doc.createElement("br"));
    editor.insertBefore(gap, keep);
    divs.forEach((div) => editor.insertBefore(div, gap));
  } else {
    editor.append(...divs);
  }
  editor.focus();
  const caret = doc.createRange();
  caret.selectNodeContents(divs.at(-1));
  caret.collapse(false);
  doc.getSelection()?.removeAllRanges();
  doc.getSelection()?.addRange(caret);
  editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText" }));
}

function fillInput(input, value) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Gmail's buttons act on mouse down and up, not only on click. */
function click(el) {
  const view = el.ownerDocument.defaultView;
  for (const type of ["mousedown", "mouseup", "click"]) {
    el.dispatchEvent(new view.MouseEvent(type, { bubbles: true, cancelable: true, view }));
  }
}

function waitFor(doc, find, timeoutMs) {
  const found = find();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const box = find();
      if (box) finish(box);
    });
    const timer = setTimeout(() => finish(find()), timeoutMs);
    function finish(value) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    }
    observer.observe(doc.body || doc.documentElement, { childList: true, subtree: true });
  });
}

function clean(text) {
  return (text || "").replace(/\s+/g, " ").trim();
}

function truncate(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
