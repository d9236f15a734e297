// The "About you" card's gifts: what drafts may offer, as Rapport read them from the offer and as the
// user then edits them (kind, what, topics). It renders and keeps the list; the panel reads and saves.

import { h } from "./view.js";

export const GIFT_KINDS = {
  resource: "Resource",
  introduction: "Introduction",
  donation: "Donation",
  time: "Volunteer time",
};

const splitTopics = (text) =>
  text
    .split(",")
    .map((topic) => topic.trim())
    .filter(Boolean);

/** An editable list of gifts in the <ul> `list`; onEdit is called on every change the user makes. */
export function createGiftsEditor(list, { onEdit }) {
  let gifts = [];

  function render() {
    list.replaceChildren(...gifts.map(row));
  }

  function row(gift, index) {
    const n = index + 1;
    return h(
      "li",
      { class: "gift-item", dataset: { kind: gift.kind } },
      h(
        "div",
        { class: "gift-head" },
        h(
          "select",
          {
            "aria-label": `Kind of gift ${n}`,
            onchange: (event) => {
              gift.kind = event.target.value;
              event.target.closest("li").dataset.kind = gift.kind;
              onEdit();
            },
          },
          Object.entries(GIFT_KINDS).map(([value, label]) =>
            h("option", { value, selected: value === gift.kind }, label),
          ),
        ),
        h(
          "button",
          {
            type: "button",
            class: "link-button",
            "aria-label": `Remove gift ${n}`,
            onclick: () => {
              gifts.splice(index, 1);
              render();
              onEdit();
            },
          },
          "Remove",
        ),
      ),
      h("input", {
        "aria-label": `Gift ${n}`,
        value: gift.what,
        maxlength: "500",
        placeholder: "As you would write it: our 2026 benchmark, people in my network…",
        oninput: (event) => {
          gift.what = event.target.value;
          onEdit();
        },
      }),
      h("input", {
        "aria-label": `Topics of gift ${n}`,
        class: "gift-topics",
        value: gift.topics.join(", "),
        placeholder: "What it is about, separated by commas",
        oninput: (event) => {
          gift.topics = splitTopics(event.target.value);
          onEdit();
        },
      }),
    );
  }

  return {
    set(next) {
      gifts = next.map((gift) => ({
        kind: gift.kind,
        what: gift.what,
        topics: [...(gift.topics || [])],
        url: gift.url ?? null,
      }));
      render();
    },
    add() {
      gifts.push({ kind: "resource", what: "", topics: [], url: null });
      render();
      list.querySelector("li:last-child input")?.focus();
      onEdit();
    },
    /** The gifts to save: those the user gave words to. */
    value() {
      return gifts.filter((gift) => gift.what.trim()).map((gift) => ({ ...gift, what: gift.what.trim() }));
    },
    get size() {
      return gifts.length;
    },
  };
}
