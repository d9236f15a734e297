"""Generosity: 3-5 concrete ways to be useful to this person, each resting on facts from the dossier.

A packet is an act (share a resource, congratulate, introduce, offer an insight, invite, help) worded as one
sentence for the side panel. Packets are never generic: with thin evidence there are fewer of them and a
warning says why. The same inputs always give the same packets, best first.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Literal

from server.models import Dossier, Fact, FactKind, Introduction, Packet, PacketKind, Resource, SenderProfile
from server.text.dates import MONTHS
from server.text.names import parse_name
from server.text.phrases import find_phrases, load_phrases

GoalForm = Literal["verb", "mission", "noun", "quote"]

MIN_PACKETS, MAX_PACKETS = 3, 5
MAX_PER_KIND = 2
RECENT_DAYS = 365  # congratulations only for what happened in the last 12 months
WORK_DAYS = 548  # a post or talk older than 18 months is no longer "your recent work"
# Ties in score go to the act that is usually worth more to the reader.
KIND_ORDER: tuple[PacketKind, ...] = (
    "share_resource",
    "congratulate",
    "introduce",
    "insight",
    "invite",
    "help",
)
WORK_KINDS: frozenset[FactKind] = frozenset({"article", "talk", "podcast"})

# How much a topic match on each kind of fact says about what the person cares about now.
RESOURCE_WEIGHTS: dict[FactKind, float] = {
    "article": 1.0, "talk": 1.0, "podcast": 1.0, "company_goal": 1.0, "interest": 0.8,
    "company_news": 0.6, "milestone": 0.6, "award": 0.5, "role": 0.4,
}  # fmt: skip
INTRODUCTION_WEIGHTS: dict[FactKind, float] = {
    "company_goal": 1.2, "article": 1.0, "talk": 1.0, "podcast": 1.0, "company_news": 0.8,
    "milestone": 0.8, "interest": 0.6, "role": 0.5,
}  # fmt: skip

# Words too common to say two things share a topic.
STOP_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "we",
    "our", "us", "you", "your", "i", "my", "me", "they", "their", "them", "he", "she", "his", "her", "what",
    "how", "why", "when", "who", "which", "about", "into", "over", "more", "most", "new", "not", "no",
    "all", "any", "can", "will", "just", "than", "then", "so", "up", "out", "after", "before", "year",
    "years", "team", "teams", "company", "companies", "people", "work", "working", "thing", "things", "way",
    "ways", "make", "made", "get", "got", "one", "two", "first", "last", "next", "vs", "via", "per", "also",
    "has", "have", "had", "do", "does", "did", "own", "help", "helps", "lesson", "lessons", "learned",
    "learn", "today", "week", "month", "day", "time", "times", "use", "using", "used", "part", "build",
    "built", "building", "good", "great", "best", "really", "very", "much", "many", "some", "other",
    "others", "there", "here", "where", "while", "during", "through", "across", "between", "within",
    "without", "again", "still", "each", "every", "such", "only", "even", "well", "back", "go", "going",
    "went", "come", "came", "take", "took", "plan", "plans", "goal", "goals", "aim", "aims", "mission"
))  # fmt: skip
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")

_QUOTED = re.compile(r"[“\"](?P<t>[^”\"]{3,200})[”\"]|‘(?P<s>[^’]{3,200}(?:’\w[^’]{0,200})*)’")
_LABELLED = re.compile(
    r"^(?:article|post|blog post|essay|paper|talk|keynote|session|podcast|episode|award|prize|honou?r)"
    r"\s*[:—–-]\s*(?P<t>.+)$",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\b(?:wrote|writes|published|posted|authored|spoke|speaks|talked|presented|discussed|appeared|"
    r"article|post|piece|essay|talk|keynote|episode|podcast|interview)\b[^.;:]{0,40}?"
    r"\b(?:about|on|covering)\s+(?P<a>[^.;]+)",
    re.IGNORECASE,
)
_ROLE_CHANGE = re.compile(
    r"\b(?:promot(?:ed|ion)|appoint(?:ed|ment)|named|joins|joined|hired|new role|steps? into|stepped into|"
    r"takes? on the role|took on the role|becomes|became|elevated|welcomes?)\b",
    re.IGNORECASE,
)
_TITLE_CUE = re.compile(
    r"\b(?i:promoted to|appointed(?: as| to)?|named(?: as)?|joins? as|joined as|hired as|becomes|became|"
    r"new role as|role of|steps? into the role of|stepped into the role of|elevated to|now|as)\s+"
    r"(?i:the\s+|a\s+|an\s+|its\s+|our\s+|new\s+)*"
    r"(?P<t>[A-Z][\w&/.-]*(?:\s+(?:of|and|for|&|[A-Z][\w&/.-]*))*)"
)
_FUNDING = re.compile(
    r"(?P<amount>[$€£]\s?\d[\d.,]*\s?(?:[MBK]\b|million\b|billion\b|bn\b|m\b)?)?\s*(?:in\s+)?(?:an?\s+)?"
    r"(?P<round>\bSeries\s+[A-H]\b|\b(?:pre-)?seed\s+round\b)",
    re.IGNORECASE,
)
_GOOD_NEWS = re.compile(
    r"\b(?:rais(?:es|ed|ing)|funding|series\s+[a-h]|launch(?:es|ed)?|open(?:s|ed)|expan(?:ds|ded|sion)|"
    r"acquir(?:es|ed)|partner(?:s|ed|ship)|milestone|record|wins?|won|celebrat\w*|anniversary|ipo|listed|"
    r"award\w*|named|certified|reach(?:es|ed))\b",
    re.IGNORECASE,
)
_BAD_NEWS = re.compile(
    r"\b(?:layoffs?|laid off|cuts?|lawsuit|sued|breach|clos(?:es|ed|ure)|loss(?:es)?|recall\w*|fined?|"
    r"investigat\w*|resign\w*|downsiz\w*|bankrupt\w*|restructur\w*|depart\w*|left|leaves)\b",
    re.IGNORECASE,
)
_AWARD_WORDS = re.compile(r"\b(?:award|prize|honou?r|medal|of the year|fellow\w*|recogni[sz]\w*)\b", re.I)
_AWARD_NAME = re.compile(
    r"\b(?:named|won|wins|received|receives|awarded|honou?red with|recogni[sz]ed as)\s+(?:the\s+|as\s+)?"
    r"(?P<a>.+?)(?:\s+(?:by|from)\s+.+)?$",
    re.IGNORECASE,
)
# How pages state a goal, most explicit first: (pattern, what the captured clause is).
_GOALS: tuple[tuple[re.Pattern[str], GoalForm], ...] = (
    # "Our goal for the next chapter is to open a European office in 2027"
    (re.compile(r"\b(?:goal|aim|plan|mission|ambition|target|vision|priority)s?\b[^.;:]{0,40}?\b"
                r"(?:is|are|was|will be)\s+to\s+(?P<g>[^.;]+)", re.I), "verb"),
    # "Fernhill aims to certify ...", "plans to open ...", "is on track to reach ..."
    (re.compile(r"\b(?:aims?|aiming|plans?|planning|intends?|wants?|hopes?|seeks?|committed|on track|"
                r"sets? out|expects?|working)\s+to\s+(?P<g>[^.;]+)", re.I), "verb"),
    # "Goal: carbon-neutral shipping by 2030", "aims for carbon-neutral shipping"
    (re.compile(r"^(?:[\w'’-]+\s+){0,3}?(?:goal|aim|mission|ambition|target|vision)s?\s*:\s*(?P<g>[^.;]+)",
                re.I), "noun"),
    (re.compile(r"\b(?:aims?|aiming|striving|pushing)\s+for\s+(?P<g>[^.;]+)", re.I), "noun"),
    (re.compile(r"\bwill\s+(?P<g>[^.;]+)", re.I), "verb"),
    # "Northwind Analytics helps mid-size retailers forecast demand": what the company is for.
    (re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+(?P<g>[a-z]+(?:e?s)\s+[^.;]+)"), "mission"),
)  # fmt: skip
# Where a goal's own words end and the reasons for it begin.
_GOAL_END = re.compile(
    r",?\s+(?:so that|so|because|which|while|where|in order to|as part of|and so)\b.*$|\s[–—-]\s.*$|\s*\(.*$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|ours)\b", re.IGNORECASE)
_GOAL_WORDS = 16
_NEWS_WORDS = 30  # longer "news" is a paragraph the facts stage kept whole, not a headline
_AGREEMENT = {"is": "are", "was": "were", "has": "have", "am": "are", "does": "do"}
_PASSIVE = frozenset(
    {"promoted", "named", "appointed", "elected", "hired", "recognised", "recognized", "awarded", "honoured",
     "honored", "invited", "selected", "shortlisted", "chosen"}
)  # fmt: skip
# Verbs a goal clause usually starts with: "plan to open ..." rather than "goal of carbon-neutral ...".
GOAL_VERBS = frozenset((
    "open", "launch", "reach", "become", "build", "expand", "certify", "grow", "hire", "double", "triple",
    "enter", "achieve", "help", "make", "bring", "cut", "reduce", "deliver", "ship", "serve", "win",
    "create", "scale", "move", "raise", "hit", "get", "lead", "offer", "provide", "support", "land",
    "establish", "start", "go", "take", "put", "turn", "replace", "automate", "digitize", "digitise",
    "modernize", "modernise", "migrate", "cover", "list", "connect", "train"
))  # fmt: skip
_INTEREST_CUE = re.compile(
    r"\b(?:interest(?:ed)? in|enjoys?|loves?|passionate about|fan of|into|hobbies?(?: include)?:?)\s+"
    r"(?P<i>[^.;]+)",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"\b(?P<clause>(?:I|we)(?:'m|'re| am| are)?\s+(?:co-)?(?:host|hosting|run|running|organi[sz]e|"
    r"organi[sz]ing|hold|holding|chair|chairing|convene|convening)\s+(?:a|an|the|our|my)\s+[^.;\n]{0,60}?"
    r"\b(?P<noun>roundtable|round table|meetup|meet-up|dinner|workshop|summit|conference|breakfast|salon|"
    r"forum|circle|supper club|book club|retreat|unconference)s?\b[^.;\n]{0,60})",
    re.IGNORECASE,
)
# A sentence that has no place in a relationship email, whatever the facts stage let through.
_SENSITIVE = re.compile(
    r"\b(?:surgery|cancer|diagnos\w*|illness|hospital\w*|pregnan\w*|divorce\w*|funeral|passed away|died|"
    r"therapy|rehab|disabilit\w*|religio\w*|church|mosque|synagogue|politic\w*|arrest\w*|lawsuit|custody|"
    r"her children|his children|their children|kids|husband|wife|daughter|son)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Match:
    """A sender item (a resource, an introduction, an offer) and the fact it fits, with the shared words."""

    fact: Fact
    topics: tuple[str, ...]  # the sender item's topics that matched, as the sender wrote them
    score: float


@dataclass(frozen=True)
class Occasion:
    """Something to congratulate on: a new role, an award, a funding round, other good news."""

    kind: str  # role | award | funding | news
    detail: str | None  # the title, award name, round ("$40M Series B") or headline


@dataclass(frozen=True)
class _Candidate:
    score: float
    packet: Packet

    @property
    def sort_key(self) -> tuple[float, int, str]:
        return (-round(self.score, 6), KIND_ORDER.index(self.packet.kind), self.packet.text)


def plan_packets(
    dossier: Dossier, sender: SenderProfile | None, context: str | None, *, today: date
) -> tuple[list[Packet], list[str]]:
    """Packets (3-5 when the evidence allows, best first, at least one professional) and warnings."""
    facts, dropped = usable_facts(dossier)
    first = first_name(dossier.person.name)
    warnings: list[str] = []
    if dropped:
        warnings.append(
            f"Left {dropped} fact(s) out of the ideas: they touch on private matters or read "
            "like instructions."
        )
    if not facts:
        warnings.append(
            f"No usable facts about {first}: nothing to ground a personal email in. Add a URL "
            "you know (their site, a talk, the company's news page)."
        )
        return [], warnings
    # A goal we cannot name in a sentence of our own is no basis for an idea.
    facts = [f for f in facts if f.kind != "company_goal" or goal_usable(f)]
    company = company_name(dossier)
    context = context or (sender.relationship_note if sender else None)
    candidates = [
        *_congratulations(facts, first, company, dossier.person.title, today),
        *_resources(facts, first, company, sender, today),
        *_introductions(facts, first, company, sender),
        *_insights(facts, first, company, sender, today),
        *_invitations(facts, first, company, sender, context),
        *_helps(facts, company, sender),
    ]
    packets = _choose(candidates)
    warnings += _warnings(facts, packets, first, sender, today)
    return packets, warnings


# --- Reading facts (shared with the offline writer) -----------------------------------------------------


def usable_facts(dossier: Dossier) -> tuple[list[Fact], int]:
    """Facts drafting may rest on (current, not private, not instructions), and how many were left out."""
    current = [f for f in dossier.facts if not f.superseded]
    usable = [f for f in current if is_safe(f"{f.text}\n{f.quote}")]
    return usable, len(current) - len(usable)


def is_safe(text: str) -> bool:
    """Neither private nor an instruction to a model (the facts stage filters too: this is a backstop)."""
    if _SENSITIVE.search(text) or find_phrases(text, load_phrases("injection_terms.txt")):
        return False
    safety = _safety()
    return safety is None or not (safety.sensitive_category(text) or safety.is_instruction(text))


def first_name(name: str) -> str:
    return parse_name(name).first


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def fact_date(fact: Fact) -> date | None:
    try:
        return date.fromisoformat(fact.date) if fact.date else None
    except ValueError:
        return None


def month_year(fact: Fact) -> str | None:
    """The fact's date as a reader says it: "March 2026"; "2026" alone for 1 January, which the facts
    stage writes when a page gives only the year."""
    when = fact_date(fact)
    if when is None:
        return None
    return str(when.year) if (when.month, when.day) == (1, 1) else f"{MONTHS[when.month - 1]} {when.year}"


def is_recent(fact: Fact, today: date, days: int = RECENT_DAYS) -> bool:
    when = fact_date(fact)
    return when is not None and 0 <= (today - when).days <= days


def company_name(dossier: Dossier) -> str | None:
    """The person's company: as given, else from an employer or role fact ("... at Northwind Analytics")."""
    if dossier.person.company:
        return dossier.person.company.strip()
    for fact in dossier.facts:
        if fact.kind in ("employer", "role") and not fact.superseded:
            found = re.search(
                r"\b(?:at|for|joined|joins)\s+(?P<c>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)", fact.text
            )
            if found:
                return found.group("c").rstrip(".")
    return None


def title_of(fact: Fact) -> str | None:
    """A work's or award's own title: quoted in the fact ("Wrote “X”"), or after a label ("Talk: X")."""
    for text in (fact.text, fact.quote):
        found = _QUOTED.search(text)
        if found:
            title = (found.group("t") or found.group("s")).strip().rstrip(",.")
            if len(title.split()) >= 2 or fact.kind == "award":
                return title
    labelled = _LABELLED.match(fact.text.strip())
    return labelled.group("t").strip().rstrip(".") if labelled else None


def work_about(fact: Fact) -> str | None:
    """What an untitled work is about: "Wrote about moving 400 pipelines" -> "moving 400 pipelines"."""
    found = _ABOUT.search(fact.text.strip())
    about = found.group("a").strip().rstrip(".") if found else None
    return about if about and len(about.split()) <= 14 else None


def role_title(fact: Fact, person_title: str | None) -> str | None:
    """The job title a role fact names ("VP of Data Engineering"), spelled as the fact spells it."""
    for text in (fact.text, fact.quote):
        if person_title and (at := text.lower().find(person_title.lower())) >= 0:
            return text[at : at + len(person_title)]
    for text in (fact.text, fact.quote):
        found = _TITLE_CUE.search(text)
        if found:
            title = re.sub(r"\s+(?:of|and|for|&)$", "", found.group("t").strip(" .,"))
            if len(title.split()) <= 8:
                return title
    labelled = re.match(r"^(?:title|role|position)\s*:\s*(?P<t>[^,;(]+)", fact.text.strip(), re.I)
    if labelled:
        return labelled.group("t").strip(" .")
    # A team page's "VP of Data Engineering at Northwind Analytics".
    at = re.match(r"^(?P<t>[A-Z][^,;()]{1,60}?)\s+(?:at|@)\s+[A-Z]", fact.text.strip())
    return at.group("t") if at and len(at.group("t").split()) <= 8 else None


def funding_round(fact: Fact) -> str | None:
    """A funding round named by the fact: "$40M Series B", "seed round"."""
    found = _FUNDING.search(fact.text) or _FUNDING.search(fact.quote)
    if not found:
        return None
    amount = (found.group("amount") or "").strip()
    return f"{amount} {found.group('round')}".strip()


def goal_clause(fact: Fact) -> tuple[str, GoalForm]:
    """What a company_goal fact says the company means to do, and how a sentence can take it.

    "Our goal is to open a European office in 2027" -> ("open a European office in 2027", "verb");
    "Goal: carbon-neutral shipping by 2030" -> ("carbon-neutral shipping by 2030", "noun");
    "Northwind helps retailers forecast demand" -> ("help retailers forecast demand", "mission");
    anything else -> (the text, "quote"), which drafting leaves alone.
    """
    text = strip_date(fact.text)
    for pattern, form in _GOALS:
        found = pattern.search(text)
        if not found:
            continue
        clause = _GOAL_END.sub("", found.group("g").strip()).rstrip(".!,")
        clause = re.sub(r"\bour\b", "its", re.sub(r"^(?:(?:is|are)\s+)?to\s+", "", clause))
        head = clause.split(" ", 1)[0]
        if form == "mission":
            base = base_verb(head)
            if base not in GOAL_VERBS:
                continue
            clause = base + clause[len(head) :]
        elif head.lower() in GOAL_VERBS:
            clause, form = head.lower() + clause[len(head) :], "verb"
        elif form == "verb":
            form = "noun"
        if clause and len(clause.split()) <= _GOAL_WORDS and not _FIRST_PERSON.search(clause):
            return clause, form
    return text.rstrip(".!"), "quote"


def goal_usable(fact: Fact) -> bool:
    """Whether a goal can be named in a sentence of ours (a stray sentence from a page cannot)."""
    return goal_clause(fact)[1] != "quote"


def goal_phrase(fact: Fact, company: str | None) -> str:
    """ "Northwind Analytics' plan to open a European office in 2027", "your team's goal of ..."."""
    clause, form = goal_clause(fact)
    owner = possessive(company) if company else "your team's"
    if form in ("verb", "mission"):
        return f"{owner} {'plan' if form == 'verb' else 'mission'} to {clause}"
    return f"{owner} goal of {clause}" if form == "noun" else f"{owner} stated goal, “{clause}”"


def strip_date(text: str) -> str:
    """A fact's text without the date the facts stage appends ("Wrote “X” (2026-10-28)")."""
    return re.sub(r"\s*\(\d{4}-\d{2}-\d{2}\)\s*$", "", text.strip())


def interest_of(fact: Fact) -> str:
    found = _INTEREST_CUE.search(fact.text)
    return (found.group("i") if found else fact.text).strip().rstrip(".")


def work_noun(fact: Fact) -> str:
    """What to call a piece of work: post, article, talk, podcast episode."""
    if fact.kind == "talk":
        return "talk"
    if fact.kind == "podcast":
        return "podcast episode"
    url = fact.source_url.lower()
    return (
        "post"
        if any(part in url for part in ("/blog", "/post", "blog.", "substack", "medium."))
        else "article"
    )


def occasion_of(fact: Fact, person_title: str | None) -> Occasion | None:
    """What a fact gives reason to congratulate on, if anything (a title on a team page does not)."""
    text = f"{fact.text}\n{fact.quote}"
    if _tells_of_an_earlier_year(fact) or len(fact.text.split()) > _NEWS_WORDS:
        return None
    if fact.kind == "award":
        return Occasion("award", title_of(fact) or award_name(fact.text))
    if fact.kind in ("role", "employer") and _ROLE_CHANGE.search(text):
        return Occasion("role", role_title(fact, person_title))
    if fact.kind not in ("milestone", "company_news"):
        return None
    if _BAD_NEWS.search(fact.text):
        return None
    if fund := funding_round(fact):
        return Occasion("funding", fund)
    if fact.kind == "milestone" and _ROLE_CHANGE.search(text) and (title := role_title(fact, person_title)):
        return Occasion("role", title)
    if _AWARD_WORDS.search(fact.text):
        return Occasion("award", title_of(fact) or award_name(fact.text))
    # "I built our scorecard program" is someone describing their work, not news to congratulate on.
    if re.match(r"^(?:I|We|My|Our)\b", fact.text.strip()):
        return None
    if fact.kind == "milestone" or _GOOD_NEWS.search(fact.text):
        return Occasion("news", strip_date(fact.text).rstrip("."))
    return None


def base_verb(word: str) -> str:
    """ "leads" -> "lead", "finishes" -> "finish", "carries" -> "carry" (a present-tense verb's base)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:[sxz]|ch|sh)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _tells_of_an_earlier_year(fact: Fact) -> bool:
    """A page dated 2026 that says "she joined Northwind in 2020": the event is not recent, the page is."""
    when = fact_date(fact)
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", strip_date(fact.text))]
    return when is not None and any(y < when.year - 1 for y in years)


def news_clause(fact: Fact, person_name: str) -> str | None:
    """The news as a clause said to them ("you led the move of 400 pipelines ..."), or None when the fact
    does not read as a sentence with a subject."""
    text = _GOAL_END.sub("", strip_date(fact.text)).rstrip(".,")
    parts = parse_name(person_name)
    names = [n for n in (parts.full, f"{parts.first} {parts.last}", parts.first) if n.strip()]
    subject = "|".join([*(re.escape(n) for n in names), "She", "He", "They", "I", "We"])
    found = re.match(rf"^(?:{subject})\s+(?P<verb>[a-z]+)\b(?P<tail>.*)$", text)
    if found:
        verb = found.group("verb")
        if verb in _AGREEMENT:
            verb = _AGREEMENT[verb]
        elif verb in _PASSIVE:
            verb = f"were {verb}"
        elif re.fullmatch(r"[a-z]{3,}(?:ies|[^s]s)", verb) and not text.startswith(("I ", "We ")):
            verb = base_verb(verb)
        text = f"you {verb}{found.group('tail')}"
        text = re.sub(r"\b(?:her|his|their)\b", "your", text)
    elif re.match(r"^(?:The|A|An|This|Its|My|Our)\b", text):
        text = text[0].lower() + text[1:]
    text = re.sub(r"\b(?:my|our)\b", "your", re.sub(r"\b(?:I|me|we|us)\b", "you", text))
    text = re.sub(r"\b(?:My|Our)\b", "Your", text)
    return text if len(text.split()) >= 4 and " " in text else None


def award_name(text: str) -> str:
    """The award an unquoted fact names: "Named X by the Port Alliance" -> "X"."""
    found = _AWARD_NAME.search(text)
    return (found.group("a") if found else text).strip().rstrip(".")


def topic_words(text: str) -> set[str]:
    """Content words of a text, lower case, plurals folded ("pipelines" -> "pipeline")."""
    found: set[str] = set()
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = re.sub(r"'s?$", "", word).strip("-")
        if not word or word in STOP_WORDS or word.isdigit() or len(word) < 3:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        found.add(word)
    return found


def fact_words(fact: Fact) -> set[str]:
    return topic_words(f"{fact.text} {fact.quote}")


def best_match(topics: Iterable[str], facts: Iterable[Fact], weights: dict[FactKind, float]) -> Match | None:
    """The fact a list of topics fits best, weighted by what kind of fact it is; newer facts win ties."""
    topics = [t for t in topics if t.strip()]
    best: Match | None = None
    for fact in facts:
        weight = weights.get(fact.kind, 0.0)
        if not weight:
            continue
        words = fact_words(fact)
        matched = tuple(t for t in topics if topic_words(t) & words)
        if not matched:
            continue
        shared = set().union(*(topic_words(t) for t in matched)) & words
        score = weight * (len(shared) + 0.5 * (len(matched) - 1))
        key = (score, fact.date or "", fact.confidence)
        if best is None or key > (best.score, best.fact.date or "", best.fact.confidence):
            best = Match(fact, matched, score)
    return best


def resource_match(resource: Resource, facts: Iterable[Fact]) -> Match | None:
    # A resource without topics is matched on the words of its title.
    return best_match(resource.topics or [resource.title], facts, RESOURCE_WEIGHTS)


def introduction_match(introduction: Introduction, facts: Iterable[Fact]) -> Match | None:
    topics = introduction.topics or ([introduction.role] if introduction.role else [])
    return best_match(topics, facts, INTRODUCTION_WEIGHTS)


def invitation(sender: SenderProfile | None, context: str | None) -> tuple[str, str] | None:
    """Something the sender hosts, as they wrote it ("I host a quarterly roundtable ..."), and its noun."""
    for text in ((sender.offer if sender else None), context):
        found = _EVENT.search((text or "").replace("’", "'"))
        if found:
            return found.group("clause").strip().rstrip(",."), found.group("noun").lower()
    return None


def shared_interests(sender: SenderProfile | None, words: set[str]) -> list[str]:
    """The sender's interests that clearly share ground with the given topic words.

    Stricter than topic matching: one short word in common ("sea" in "North Sea" and "sea kayaking") is not
    enough to claim a shared interest.
    """
    found = []
    for interest in sender.interests if sender else []:
        shared = topic_words(interest) & words
        if len(shared) >= 2 or any(len(w) >= 5 for w in shared):
            found.append(interest)
    return found


def work_reference(fact: Fact, first: str, company: str | None) -> str:
    """How the side panel names a fact: "Dana's post “X” (October 2026)"."""
    when = f" ({month_year(fact)})" if fact.date else ""
    if fact.kind in WORK_KINDS:
        title = title_of(fact)
        if title:
            return f"{possessive(first)} {work_noun(fact)} “{title}”{when}"
        about = work_about(fact)
        return f"{possessive(first)} {work_noun(fact)}" + (f" on {about}" if about else "") + when
    if fact.kind == "company_goal":
        return goal_phrase(fact, company).replace("your team's", f"{possessive(first)} team's")
    if fact.kind == "interest":
        return f"{possessive(first)} interest in {interest_of(fact)}"
    if fact.kind == "role" and (title := role_title(fact, None)):
        return f"{possessive(first)} work as {title}"
    return f"“{fact.text.strip().rstrip('.')}”{when}"


# --- Candidates, one function per kind ------------------------------------------------------------------


def _congratulations(
    facts: list[Fact], first: str, company: str | None, person_title: str | None, today: date
) -> list[_Candidate]:
    seen: set[tuple[str, str]] = set()
    found: list[_Candidate] = []
    occasions = [(f, o) for f in facts if (o := occasion_of(f, person_title)) and is_recent(f, today)]
    # Their own new role or award before company news, then the best evidence: a duplicate (the same
    # promotion on two pages, two sentences of one release) keeps the better fact.
    ranked = sorted(
        occasions,
        key=lambda fo: (fo[1].kind not in ("role", "award"), -fo[0].confidence, fo[0].date or "", fo[0].id),
    )
    for fact, occasion in ranked:
        detail = (occasion.detail or "").lower()
        # "$40M Series B" and "$40 million Series B" are one round; and one announcement is one occasion,
        # however many of its sentences sound like good news ("named Innovator of the Year"; "the jury
        # recognised the program he built").
        key = (occasion.kind, re.sub(r"^.*?(series [a-h]|seed).*$", r"\1", detail))
        announcement = ("page", f"{fact.source_url} {fact.date}")
        if key in seen or announcement in seen:
            continue
        seen |= {key, announcement}
        when = month_year(fact)
        text = {
            "role": f"Congratulate {first} on the new role"
            + (f" as {occasion.detail}" if occasion.detail else "")
            + f" ({when})",
            "award": f"Congratulate {first} on “{occasion.detail}” ({when})",
            "funding": f"Congratulate {first}"
            + (f" and {company}" if company else "")
            + f" on the {occasion.detail} ({when})",
            "news": f"Congratulate {first} on the news: “{occasion.detail}” ({when})",
        }[occasion.kind]
        fresh = 0.5 if is_recent(fact, today, 120) else 0.0
        # Their own new role or award is more personal than their company's news.
        base = 3.3 if occasion.kind in ("role", "award") else 2.6
        found.append(
            _Candidate(
                base + fresh + 0.2 * fact.confidence,
                Packet(kind="congratulate", text=text, fact_ids=[fact.id]),
            )
        )
    return found


def _resources(
    facts: list[Fact], first: str, company: str | None, sender: SenderProfile | None, today: date
) -> list[_Candidate]:
    found: list[_Candidate] = []
    for resource in sender.resources if sender else []:
        match = resource_match(resource, facts)
        if match is None:
            continue
        fresh = 0.2 if is_recent(match.fact, today, 180) else 0.0
        text = f"Share “{resource.title}”: it fits {work_reference(match.fact, first, company)}"
        packet = Packet(
            kind="share_resource",
            text=text,
            fact_ids=[match.fact.id],
            professional=match.fact.kind != "interest",
            resource=resource,
        )
        found.append(_Candidate(2.6 + 0.3 * min(match.score, 3.0) + fresh, packet))
    return found


def _introductions(
    facts: list[Fact], first: str, company: str | None, sender: SenderProfile | None
) -> list[_Candidate]:
    found: list[_Candidate] = []
    for introduction in sender.introductions if sender else []:
        match = introduction_match(introduction, facts)
        if match is None:
            continue
        who = introduction.name + (f" ({introduction.role})" if introduction.role else "")
        text = f"Introduce {first} to {who}, for {work_reference(match.fact, first, company)}"
        packet = Packet(
            kind="introduce",
            text=text,
            fact_ids=[match.fact.id],
            professional=match.fact.kind != "interest",
            introduction=introduction,
        )
        found.append(_Candidate(2.4 + 0.3 * min(match.score, 3.0), packet))
    return found


def current_work(facts: Iterable[Fact], today: date) -> list[Fact]:
    """Posts, talks and episodes from the last 18 months (or undated): what someone is working on now."""
    return [f for f in facts if f.kind in WORK_KINDS and (not f.date or is_recent(f, today, WORK_DAYS))]


def related_work(goal: Fact, facts: list[Fact], today: date) -> Fact | None:
    """The current piece of work that shares the most words with a goal, if any does."""
    words = fact_words(goal)
    scored = [(len(fact_words(f) & words), f.date or "", f.id, f) for f in current_work(facts, today)]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[:3])[3] if scored else None


def _insights(
    facts: list[Fact], first: str, company: str | None, sender: SenderProfile | None, today: date
) -> list[_Candidate]:
    found: list[_Candidate] = []
    for goal in (f for f in facts if f.kind == "company_goal"):
        work = related_work(goal, facts, today)
        text = f"Share an observation on {work_reference(goal, first, company)}"
        ids = [goal.id]
        if work is not None:
            text += f", read alongside {work_reference(work, first, company)}"
            ids.append(work.id)
        # A dated plan ("open an office in 2027") says more than a mission statement.
        bonus = (0.3 if work else 0.0) + (0.2 if goal_clause(goal)[1] != "mission" else 0.0)
        bonus += 0.2 if shared_interests(sender, fact_words(goal)) else 0.0
        found.append(_Candidate(1.7 + bonus, Packet(kind="insight", text=text, fact_ids=ids)))
    for work in current_work(facts, today):
        text = f"Share what you noticed in {work_reference(work, first, company)}"
        bonus = (0.2 if is_recent(work, today) else 0.0) + (
            0.2 if shared_interests(sender, fact_words(work)) else 0.0
        )
        found.append(_Candidate(1.4 + bonus, Packet(kind="insight", text=text, fact_ids=[work.id])))
    return found


def _invitations(
    facts: list[Fact], first: str, company: str | None, sender: SenderProfile | None, context: str | None
) -> list[_Candidate]:
    event = invitation(sender, context)
    if event is None:
        return []
    clause, noun = event
    # Only someone the event is for: its own words must meet their work, role or goals.
    match = best_match([clause], facts, {**RESOURCE_WEIGHTS, "role": 0.6})
    if match is None:
        return []
    reason = work_reference(match.fact, first, company)
    text = f"Invite {first} to your {noun} (“{clause}”), given {reason}"
    return [
        _Candidate(
            1.6 + 0.2 * min(match.score, 3.0), Packet(kind="invite", text=text, fact_ids=[match.fact.id])
        )
    ]


def _helps(facts: list[Fact], company: str | None, sender: SenderProfile | None) -> list[_Candidate]:
    if sender is None or not sender.offer:
        return []
    offer = topic_words(sender.offer)
    found: list[_Candidate] = []
    for goal in (f for f in facts if f.kind == "company_goal"):
        shared = sorted(offer & fact_words(goal))
        if not shared:
            continue
        overlap = ", ".join(shared)
        text = f"Offer help with {goal_phrase(goal, company)}: it overlaps with what you offer ({overlap})"
        found.append(_Candidate(1.3 + 0.1 * len(shared), Packet(kind="help", text=text, fact_ids=[goal.id])))
    return found


# --- Choosing and explaining ----------------------------------------------------------------------------


def _choose(candidates: list[_Candidate]) -> list[Packet]:
    """The best of each kind first (variety), then seconds; at most MAX_PACKETS; one professional at least."""
    ranked = sorted(candidates, key=lambda c: c.sort_key)
    chosen: list[_Candidate] = []
    kinds: set[str] = set()
    for candidate in ranked:
        if candidate.packet.kind not in kinds and len(chosen) < MAX_PACKETS:
            chosen.append(candidate)
            kinds.add(candidate.packet.kind)
    for candidate in ranked:
        same_kind = sum(c.packet.kind == candidate.packet.kind for c in chosen)
        if candidate not in chosen and same_kind < MAX_PER_KIND and len(chosen) < MAX_PACKETS:
            chosen.append(candidate)
    if chosen and not any(c.packet.professional for c in chosen):
        professional = next((c for c in ranked if c.packet.professional), None)
        if professional is not None:
            chosen[-1] = professional
    chosen.sort(key=lambda c: c.sort_key)
    return [c.packet for c in chosen]


def _warnings(
    facts: list[Fact], packets: list[Packet], first: str, sender: SenderProfile | None, today: date
) -> list[str]:
    warnings: list[str] = []
    if len(packets) < MIN_PACKETS:
        found = f"only {len(packets)} idea(s) rest" if packets else "no idea rests"
        warnings.append(
            f"Thin evidence: {found} on what was found about {first}, and no generic ones were added. "
            "A URL you know (their blog, a talk, the company's news page) would give more."
        )
    if packets and not any(p.professional for p in packets):
        warnings.append(f"Every idea rests on personal interests: nothing was found about {first}'s work.")
    if sender is None:
        warnings.append(
            "No sender profile: your resources, introductions and offer could not be matched. "
            "Add them to your profile for better ideas."
        )
    else:
        if sender.resources and not any(resource_match(r, facts) for r in sender.resources):
            warnings.append(f"None of your resources matches {first}'s recent topics, so none is suggested.")
        if sender.introductions and not any(introduction_match(i, facts) for i in sender.introductions):
            warnings.append(f"None of your introductions fits {first}'s goals or recent work.")
    old = [f for f in facts if occasion_of(f, None) and f.date and not is_recent(f, today)]
    if old:
        listed = "; ".join(f"“{_shorten(strip_date(f.text))}” ({month_year(f)})" for f in old[:3])
        warnings.append(f"Not congratulating on older news (more than 12 months ago): {listed}.")
    return warnings


def _shorten(text: str, words: int = 10) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + "…" if len(cut) > words else text.rstrip(".")


def _safety() -> ModuleType | None:
    """server.text.safety, when it is installed (the check stage leans on it in the same way)."""
    try:
        return importlib.import_module("server.text.safety")
    except ModuleNotFoundError as error:
        if error.name != "server.text.safety":
            raise
        return None
