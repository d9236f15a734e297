// From what the Gmail page shows (content/gmail.js's readGmail) to what the panel's form needs: the
// person, and the thread's last messages as relationship context the user can edit.

/** "dana.okafor@…" → "Dana Okafor": a guess for when Gmail shows an address without a name. */
export function nameFromEmail(email) {
  const local = String(email || "").split("@")[0] || "";
  const parts = local.split(/[._-]+/).filter((part) => /^[a-z]{2,}$/i.test(part));
  if (parts.length < 2 || parts.length > 3) return "";
  return parts.map((part) => part[0].toUpperCase() + part.slice(1).toLowerCase()).join(" ");
}

export function recipientFromGmail(page) {
  const found = page?.recipient;
  if (!found?.email) return null;
  return { name: found.name || nameFromEmail(found.email), email: found.email };
}

/** Where the recipient came from, in words for the form's hint. */
export function recipientSource(page) {
  if (!page?.recipient) return null;
  if (page.compose?.recipients?.length)
    return page.compose.kind === "new" ? "the message you're writing" : "your reply";
  return "the open thread";
}

/** The thread's last messages as plain text, newest last, trimmed to fit. */
export function contextFromThread(page, { messages = 3, perMessage = 600, total = 2000 } = {}) {
  const thread = page?.thread;
  if (!thread?.messages?.length) return "";
  const parts = thread.messages.slice(-messages).map((message) => {
    const who = message.from?.me ? "Me" : message.from?.name || message.from?.email || "Them";
    const when = shortDate(message.date);
    const text = trim(message.text || "", perMessage);
    return `${who}${when ? `, ${when}` : ""}:\n${text}`;
  });
  const heading = thread.subject ? `Our last messages (“${thread.subject}”):` : "Our last messages:";
  let context = `${heading}\n\n${parts.join("\n\n")}`;
  while (context.length > total && parts.length > 1) {
    parts.shift();
    context = `${heading}\n\n${parts.join("\n\n")}`;
  }
  return trim(context, total);
}

/** "Wed, Jun 17, 2026, 4:48 PM" → "Jun 17, 2026". */
function shortDate(text) {
  if (!text) return "";
  const match = /([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})/.exec(text);
  return match ? match[1] : text;
}

function trim(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
