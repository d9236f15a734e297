// Pages left out for a recipient ("Not this person"): listed under who we found, each one put back with a
// click, after which research reads it again. The service keeps them per recipient (GET/DELETE
// /api/v1/exclusions), so they stay out of every later run about them, in any session.

import { h, fill, shortUrl } from "./view.js";

/** Whom a request is about, as the service finds a recipient's pages: their email, else their name. */
export function recipientOf(request) {
  const person = request?.person || {};
  return { email: person.email || null, name: person.name || null };
}

export function renderExcluded(el, pages, { onPutBack, busy = false }) {
  el.hidden = !pages.length;
  if (!pages.length) {
    fill(el);
    return;
  }
  fill(
    el,
    h("h2", { id: "excluded-title" }, `Left out as not them (${pages.length})`),
    h("p", { class: "hint" }, "Rapport does not read these for them until you put one back."),
    h(
      "ul",
      { class: "source-list compact", "aria-labelledby": "excluded-title" },
      pages.map((page) => {
        const label = page.title || shortUrl(page.url);
        return h(
          "li",
          { class: "source excluded-page" },
          h(
            "div",
            { class: "source-text" },
            h("a", { href: page.url, target: "_blank", rel: "noopener noreferrer" }, label),
            page.title ? h("span", { class: "source-url muted" }, shortUrl(page.url)) : null,
          ),
          h(
            "button",
            {
              type: "button",
              class: "link-button put-back",
              disabled: busy,
              "aria-label": `Put back: ${label}`,
              title: "It is about them after all: research again with it",
              onclick: () => onPutBack(page.url),
            },
            "Put back",
          ),
        );
      }),
    ),
  );
}
