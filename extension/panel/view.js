// Rendering: the run's parts (progress, identity, dossier, packets, checks) as DOM nodes. Text always
// goes in as text, never as HTML: page content and drafts come from the web.

const FACT_KINDS = {
  role: "Role",
  employer: "Employer",
  article: "Article",
  talk: "Talk",
  podcast: "Podcast",
  award: "Award",
  milestone: "Milestone",
  interest: "Interest",
  company_news: "Company news",
  company_goal: "Company goal",
  education: "Education",
  other: "Noted",
};

const PACKET_KINDS = {
  share_resource: "Share a resource",
  congratulate: "Congratulate",
  introduce: "Make an introduction",
  insight: "Offer an insight",
  invite: "Invite",
  help: "Offer help",
};

const SOURCE_STATUS = {
  used: "Used",
  not_about_person: "Someone else",
  failed: "Could not read",
  blocked: "Not allowed",
  skipped: "Skipped",
};

const COMPANY_KINDS = new Set(["company_news", "company_goal"]);
const SOURCES_SHOWN = 4;
const FACTS_SHOWN = 6;

/** A DOM element: h("a", {href, class: "x", onclick: fn}, "text", child). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "checked" || key === "value" || key === "disabled") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(
    ...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false),
  );
  return el;
}

/** Replace an element's children (nested lists flattened, nulls skipped). */
export function fill(el, ...children) {
  el.replaceChildren(
    ...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false),
  );
}

/** "2026-10-06" → "Oct 6, 2026"; partial dates stay readable. */
export function formatDate(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-").map(Number);
  if (!month) return String(year);
  const date = new Date(Date.UTC(year, month - 1, day || 1));
  const options = { month: "short", year: "numeric", timeZone: "UTC", ...(day ? { day: "numeric" } : {}) };
  return date.toLocaleDateString("en-US", options);
}

/** "http://northwind.test/team/" → "northwind.test/team". */
export function shortUrl(url) {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/+$/, "");
    return parsed.host.replace(/^www\./, "") + (path.length > 32 ? `${path.slice(0, 31)}…` : path);
  } catch {
    return url;
  }
}

function link(url, text) {
  const safe = /^https?:\/\//i.test(url || "");
  return safe
    ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text)
    : h("span", {}, text);
}

function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** The first few items as a list; the rest behind a toggle, so the draft stays near the top. */
function shortList(items, shown, render, { class: className, label, more }) {
  const rest = items.slice(shown);
  return [
    h("ul", { class: className, "aria-label": label }, items.slice(0, shown).map(render)),
    rest.length
      ? h(
          "details",
          { class: "more-items" },
          h("summary", {}, more(rest.length)),
          h("ul", { class: className }, rest.map(render)),
        )
      : null,
  ];
}

// --- progress ---------------------------------------------------------------------------------------------

export function renderProgress({ stages, counts, latest }, progress) {
  fill(
    stages,
    ...progress.stages.map(({ id, label, state }) =>
      h(
        "li",
        { class: `stage ${state}`, dataset: { stage: id } },
        h("span", { class: "stage-mark", "aria-hidden": "true" }),
        h("span", { class: "stage-label" }, label),
        h("span", { class: "visually-hidden" }, ` (${state})`),
      ),
    ),
  );
  const c = progress.counts;
  counts.textContent = `${plural(c.found, "page")} found · ${c.read} read · ${plural(c.facts, "fact")}`;
  latest.textContent = progress.latest;
}

// --- identity ---------------------------------------------------------------------------------------------

/** How sure we are that the pages are about this person: from the sources used and the role facts. */
export function identityConfidence(run) {
  const used = (run.sources || []).filter((source) => source.status === "used");
  const anchors = (run.facts || []).filter(
    (f) => !f.superseded && (f.kind === "role" || f.kind === "employer"),
  );
  const best = anchors.reduce((top, fact) => (fact.confidence > (top?.confidence ?? -1) ? fact : top), null);
  const score = best?.confidence ?? 0;
  let level = "low";
  if (!used.length) level = "none";
  else if (used.length >= 2 && score >= 0.85) level = "high";
  else if (score >= 0.6) level = "medium";
  const words = { high: "Sure", medium: "Fairly sure", low: "Not sure", none: "Not found" };
  const basis = used.length
    ? `${plural(used.length, "page")} about them${best ? `; title from ${shortUrl(best.source_url)}` : ""}`
    : "No page we read was about them. Add a page you know is theirs.";
  return { level, label: words[level], basis, score };
}

export function renderIdentity(el, run, { onNotThisPerson, busy = false }) {
  const person = run.person || {};
  const sure = identityConfidence(run);
  const aboutThem = new Set(
    (run.facts || []).filter((fact) => !COMPANY_KINDS.has(fact.kind)).map((fact) => fact.source_url),
  );
  const used = (run.sources || [])
    .filter((source) => source.status === "used")
    .sort((a, b) => Number(aboutThem.has(b.url)) - Number(aboutThem.has(a.url)));
  const others = (run.sources || []).filter((source) => source.status !== "used");
  const role = [person.title, person.company].filter(Boolean).join(" · ");
  const renderUsed = (source) =>
    h(
      "li",
      { class: "source" },
      h(
        "div",
        { class: "source-text" },
        link(source.url, source.title || shortUrl(source.url)),
        h("span", { class: "source-url muted" }, shortUrl(source.url)),
      ),
      // Only a page judged to be about them can be about someone else; their company's pages are theirs.
      source.subject === "company"
        ? h("span", { class: "tag tag-company-page" }, "Company page")
        : h(
            "button",
            {
              type: "button",
              class: "link-button not-them",
              disabled: busy,
              "aria-label": `Not this person: ${source.title || shortUrl(source.url)}`,
              title: "This page is about someone else: research again without it",
              onclick: () => onNotThisPerson(source.url),
            },
            "Not this person",
          ),
    );
  fill(
    el,
    h("h2", { id: "identity-title" }, "Who we found"),
    h(
      "div",
      { class: "identity-head" },
      h("div", { class: "avatar", "aria-hidden": "true" }, initials(person.name)),
      h(
        "div",
        {},
        h("p", { class: "identity-name" }, person.name || "—"),
        role
          ? h("p", { class: "identity-role" }, role)
          : h("p", { class: "identity-role muted" }, "Title and company not found"),
        person.email ? h("p", { class: "identity-email muted" }, person.email) : null,
      ),
    ),
    h(
      "p",
      { class: `sure sure-${sure.level}` },
      h("span", { class: "sure-label" }, sure.label),
      h("span", { class: "sure-basis" }, ` — ${sure.basis}`),
    ),
    used.length
      ? shortList(used, SOURCES_SHOWN, renderUsed, {
          class: "source-list",
          label: "Pages used",
          more: (count) => `${plural(count, "more page")} used`,
        })
      : null,
    others.length
      ? h(
          "details",
          { class: "other-sources" },
          h("summary", {}, `Also looked at ${plural(others.length, "page")}`),
          h(
            "ul",
            { class: "source-list compact" },
            others.map((source) =>
              h(
                "li",
                { class: "source" },
                h(
                  "div",
                  { class: "source-text" },
                  h(
                    "span",
                    { class: `tag tag-${source.status}` },
                    SOURCE_STATUS[source.status] || source.status,
                  ),
                  link(source.url, shortUrl(source.url)),
                  source.reason ? h("span", { class: "source-reason muted" }, source.reason) : null,
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

function initials(name) {
  return (name || "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");
}

// --- dossier ----------------------------------------------------------------------------------------------

export function renderDossier(el, run) {
  // About the person first, then their company; newest first in each.
  const order = (a, b) =>
    Number(COMPANY_KINDS.has(a.kind)) - Number(COMPANY_KINDS.has(b.kind)) ||
    (b.date || "").localeCompare(a.date || "");
  const current = (run.facts || []).filter((fact) => !fact.superseded).sort(order);
  const older = (run.facts || []).filter((fact) => fact.superseded);
  fill(
    el,
    h("h2", { id: "dossier-title" }, "What we found"),
    current.length
      ? shortList(current, FACTS_SHOWN, renderFact, {
          class: "facts",
          label: "Facts",
          more: (count) => `Show ${plural(count, "more fact")}`,
        })
      : h("p", { class: "muted" }, "No facts yet. Add a page you know is about them, then research again."),
    older.length
      ? h(
          "details",
          { class: "older-facts" },
          h("summary", {}, `${plural(older.length, "older fact")}, replaced by newer ones`),
          h("ul", { class: "facts" }, older.map(renderFact)),
        )
      : null,
  );
}

function renderFact(fact) {
  const quoteAdds = fact.quote && !fact.quote.includes(fact.text) && !fact.text.includes(fact.quote);
  return h(
    "li",
    { class: "fact", dataset: { factId: fact.id, kind: fact.kind } },
    h("span", { class: `tag tag-${fact.kind}` }, FACT_KINDS[fact.kind] || fact.kind),
    h("p", { class: "fact-text" }, fact.text),
    quoteAdds ? h("blockquote", { class: "fact-quote" }, `“${fact.quote}”`) : null,
    h(
      "p",
      { class: "fact-meta muted" },
      fact.date ? h("time", { datetime: fact.date }, formatDate(fact.date)) : "Undated",
      " · ",
      link(fact.source_url, shortUrl(fact.source_url)),
    ),
  );
}

// --- packets ----------------------------------------------------------------------------------------------

/** The idea a draft rests on, in one line: "Congratulate Dana on the $40M Series B (September 2026)". */
export function packetLabel(packet) {
  return packet.text || PACKET_KINDS[packet.kind] || packet.kind;
}

export function renderPackets(el, run, { selected, onChoose, busy }) {
  const facts = new Map((run.facts || []).map((fact) => [fact.id, fact]));
  const packets = run.generosity || [];
  fill(
    el,
    h("h2", { id: "packets-title" }, "Ways to be useful"),
    h("p", { class: "hint" }, "The draft is written around the one you pick."),
    packets.length
      ? h(
          "div",
          { class: "packets", role: "radiogroup", "aria-labelledby": "packets-title" },
          packets.map((packet, index) => {
            const id = `packet-${index}`;
            const basis = packet.fact_ids.map((factId) => facts.get(factId)?.text).filter(Boolean);
            return h(
              "label",
              { class: `packet${index === selected ? " selected" : ""}`, for: id },
              h("input", {
                type: "radio",
                name: "packet",
                id,
                value: String(index),
                checked: index === selected,
                disabled: busy,
                onchange: () => onChoose(index),
              }),
              h(
                "span",
                { class: "packet-body" },
                h(
                  "span",
                  { class: "packet-kind" },
                  PACKET_KINDS[packet.kind] || packet.kind,
                  h(
                    "span",
                    { class: `tag ${packet.professional ? "tag-professional" : "tag-personal"}` },
                    packet.professional ? "Professional" : "Personal",
                  ),
                ),
                h("span", { class: "packet-text" }, packet.text),
                basis.length
                  ? h(
                      "span",
                      { class: "packet-basis muted" },
                      `Rests on: ${basis.map((t) => clip(t, 70)).join("; ")}`,
                    )
                  : null,
              ),
            );
          }),
        )
      : h("p", { class: "muted" }, "No ideas yet: they come from the facts above."),
  );
}

function clip(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}

// --- draft checks -----------------------------------------------------------------------------------------

export function renderChecks(el, checks, { pending = false, failed = false } = {}) {
  if (!checks) {
    fill(el);
    return;
  }
  const score = Math.round(checks.score);
  const verdict = score >= 80 ? "Reads well" : score >= 60 ? "Could be better" : "Needs work";
  const issues = checks.issues || [];
  el.classList.toggle("pending", pending);
  fill(
    el,
    h(
      "div",
      { class: "score" },
      h("meter", {
        min: "0",
        max: "100",
        low: "60",
        high: "80",
        optimum: "100",
        value: String(score),
        "aria-label": "Draft score",
      }),
      h("span", { class: "score-text" }, h("strong", {}, verdict), ` · ${score}/100`),
      pending ? h("span", { class: "muted checking" }, "Checking…") : null,
      failed ? h("span", { class: "muted checking" }, "Couldn't check this edit") : null,
    ),
    issues.length
      ? h(
          "ul",
          { class: "advice" },
          issues.map((issue) => h("li", { dataset: { code: issue.code } }, issue.message)),
        )
      : h(
          "p",
          { class: "advice-none" },
          "Nothing to fix: it's short, about them, and every claim has a source.",
        ),
  );
}

// --- warnings ---------------------------------------------------------------------------------------------

export function renderWarnings(el, warnings) {
  el.hidden = !warnings?.length;
  fill(
    el,
    h("h2", {}, "Worth knowing"),
    h(
      "ul",
      { class: "warnings" },
      (warnings || []).map((warning) => h("li", {}, warning)),
    ),
  );
}
