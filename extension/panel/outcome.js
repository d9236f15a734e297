// What a run came to, said plainly: whether any page could be read at all, and which of the pages the user
// gave could not be, why, and what to do about it. A run that read nothing is not a success.

import { h, fill, shortUrl } from "./view.js";

const READ = new Set(["used", "not_about_person"]);
const UNREADABLE = new Set(["failed", "blocked"]);

// A fetch's reason (as research records it) in a person's words, first match wins.
const WHY = [
  [/HTTP 40[45]|HTTP 410/, (code) => `There is no page at this address (HTTP ${code}).`],
  [/HTTP 40[13]/, (code) => `The site would not show this page to Rapport (HTTP ${code}).`],
  [/HTTP 429/, () => "The site asked Rapport to slow down (HTTP 429)."],
  [/HTTP 5\d\d/, (code) => `The site had an error (HTTP ${code}).`],
  [/could not resolve/, () => "No site answers at this address: the name may be mistyped."],
  [/could not connect|connection failed|refused the connection/, () => "The site refused the connection."],
  [/timed out|deadline/, () => "The site did not answer in time."],
  [/robots\.txt/, () => "The site asks robots like Rapport not to read this page."],
  [/refused|not a public|private|loopback/, () => "Rapport does not read pages at this kind of address."],
];

/** The pages the user gave that could not be read, each with why in plain words. */
export function failedStarts(run) {
  const given = new Set(run.given?.urls || []);
  return (run.sources || [])
    .filter((source) => given.has(source.url) && UNREADABLE.has(source.status))
    .map((source) => ({ url: source.url, why: plainReason(source.reason || "") }));
}

export function plainReason(reason) {
  const code = (reason.match(/HTTP (\d{3})/) || [])[1];
  const known = WHY.find(([pattern]) => pattern.test(reason));
  return known ? known[1](code) : `It could not be read: ${reason}.`;
}

/**
 * How the progress card ends: "done" only when a page about them was read; "warning" when nothing could
 * be read, or nothing read was about them; "failed" when the run itself stopped.
 */
export function runOutcome(run) {
  const name = run.person?.name || run.given?.person?.name || "them";
  const sources = run.sources || [];
  if (run.status === "failed") return { status: "failed", title: "Stopped before the end" };
  if (!sources.some((source) => READ.has(source.status))) {
    return { status: "warning", title: "Nothing could be read" };
  }
  if (!sources.some((source) => source.status === "used")) {
    return { status: "warning", title: `No page read was about ${name}` };
  }
  return { status: "done", title: `Researched ${name}` };
}

/** The failed pages the user gave, and what to do: check the address, or hand the page over. */
export function renderStartFailures(el, failures, { canHandOver }) {
  el.hidden = !failures.length;
  if (!failures.length) {
    fill(el);
    return;
  }
  const count = failures.length === 1 ? "a page you gave" : `${failures.length} pages you gave`;
  fill(
    el,
    h("p", { class: "start-failures-title" }, `Couldn't read ${count}`),
    h(
      "ul",
      { class: "start-failure-list" },
      failures.map(({ url, why }) =>
        h(
          "li",
          {},
          h("a", { href: url, target: "_blank", rel: "noopener noreferrer", title: url }, shortUrl(url)),
          h("span", { class: "start-failure-why" }, why),
        ),
      ),
    ),
    h(
      "p",
      { class: "hint" },
      "Check the address (open it to see what your browser shows). ",
      canHandOver
        ? "For a page behind a login, open it in a tab, then Edit and “Use this page”."
        : "A page behind a login can be handed over with the Rapport extension’s “Use this page”.",
    ),
  );
}
