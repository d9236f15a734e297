// The date of the last exchange with the person of an open Gmail thread, for the contact book: only their
// address and the day, nothing of the messages. The content script already read the thread; the panel
// sends this once per address and day.

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// Gmail's full date in a message's title: "Wed, Jun 17, 2026, 4:48 PM" (US) or "Wed, 17 Jun 2026, 16:48".
const MONTH_FIRST = /\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b/;
const DAY_FIRST = /\b(\d{1,2}) ([A-Z][a-z]{2,8})\.? (\d{4})\b/;

/** "Wed, Jun 17, 2026, 4:48 PM" → "2026-06-17"; null for a date in another language or form. */
export function isoDay(text) {
  const monthFirst = MONTH_FIRST.exec(text || "");
  const dayFirst = DAY_FIRST.exec(text || "");
  const [monthName, day, year] = monthFirst
    ? monthFirst.slice(1)
    : dayFirst
      ? [dayFirst[2], dayFirst[1], dayFirst[3]]
      : [""];
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  if (!month) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** {email, lastExchange} for the thread Gmail shows, when its messages are with that address; else null. */
export function lastExchange(page) {
  const email = page?.recipient?.email?.toLowerCase();
  const messages = page?.thread?.messages || [];
  const isThem = (person) => person?.email?.toLowerCase() === email;
  const withThem = messages.filter((message) => isThem(message.from) || message.to?.some(isThem));
  const days = withThem.map((message) => isoDay(message.date)).filter(Boolean);
  if (!email || !days.length) return null;
  return { email, lastExchange: days.sort().at(-1) };
}

/** A recorder that tells the service each thread's last exchange once (again only when the day changes). */
export function createExchangeRecorder(getClient) {
  const told = new Set();
  return function record(page) {
    const seen = lastExchange(page);
    const client = getClient();
    if (!seen || !client) return;
    const key = `${seen.email} ${seen.lastExchange}`;
    if (told.has(key)) return;
    told.add(key);
    client.recordExchange(seen).catch((error) => {
      told.delete(key); // the next look at the thread tries again
      console.warn("Rapport: could not record the thread's last exchange:", error.message);
    });
  };
}
