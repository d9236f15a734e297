"""Reading facts: what a fact says (a title, a role, a goal, an occasion, a date) and how an email names it.

Shared by generosity (planning packets) and the offline writer (wording them): both must read a fact the same
way, so an idea and the email written around it name the same title, role or goal. Which fact a topic fits
is in topics.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from server.models import Dossier, Fact, FactKind
from server.text.dates import MONTHS
from server.text.names import parse_name
from server.text.phrases import find_phrases, load_phrases
from server.text.safety import is_instruction, sensitive_category

GoalForm = Literal["verb", "mission", "noun", "quote"]

RECENT_DAYS = 365  # congratulations only for what happened in the last 12 months
WORK_KINDS: frozenset[FactKind] = frozenset({"article", "talk", "podcast"})

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
# A sentence that is someone's words: it opens with a quotation mark, or a quotation is attributed in it.
_QUOTATION = re.compile(
    r"^\s*[“\"‘]|[”\"’],?\s+(?:said|says|added|adds|wrote|writes|explained|noted|notes)\b", re.IGNORECASE
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


@dataclass(frozen=True)
class FactOccasion:
    """Something to congratulate on: a new role, an award, a funding round, other good news."""

    kind: str  # role | award | funding | news
    detail: str | None  # the title, award name, round ("$40M Series B") or headline


def usable_facts(dossier: Dossier) -> tuple[list[Fact], int]:
    """Facts drafting may rest on (current, not private, not instructions), and how many were left out."""
    current = [f for f in dossier.facts if not f.superseded]
    usable = [f for f in current if is_safe(f"{f.text}\n{f.quote}")]
    return usable, len(current) - len(usable)


def is_safe(text: str) -> bool:
    """Neither private nor an instruction to a model (the facts stage filters too: this is a backstop)."""
    if find_phrases(text, load_phrases("injection_terms.txt")):
        return False
    return not (sensitive_category(text) or is_instruction(text))


def first_name(name: str) -> str:
    """The name to greet someone by."""
    return parse_name(name).first


def possessive(name: str) -> str:
    """ "Dana's", "Santos'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def fact_date(fact: Fact) -> date | None:
    """The fact's date, if it has a valid one."""
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
    """Whether the fact is dated within the last `days` days."""
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
        # "... aims to run 20 depots": whatever its verb, an infinitive is a plan ("plan to run"), never a
        # goal "of run".
        infinitive = re.search(r"\bto\s+$", text[: found.start("g")]) or re.match(
            r"^(?:(?:is|are)\s+)?to\s", clause
        )
        clause = re.sub(r"\bour\b", "its", re.sub(r"^(?:(?:is|are)\s+)?to\s+", "", clause))
        head = clause.split(" ", 1)[0]
        if infinitive and form != "mission":
            form = "verb"
        elif form == "mission":
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
    """What an interest fact says they are into: "Enjoys sea kayaking" -> "sea kayaking"."""
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


def occasion_of(fact: Fact, person_title: str | None) -> FactOccasion | None:
    """What a fact gives reason to congratulate on, if anything (a title on a team page does not)."""
    text = f"{fact.text}\n{fact.quote}"
    if _tells_of_an_earlier_year(fact) or len(fact.text.split()) > _NEWS_WORDS:
        return None
    if fact.kind == "award":
        return FactOccasion("award", title_of(fact) or award_name(fact.text))
    if fact.kind in ("role", "employer") and _ROLE_CHANGE.search(text):
        return FactOccasion("role", role_title(fact, person_title))
    if fact.kind not in ("milestone", "company_news"):
        return None
    if _BAD_NEWS.search(fact.text):
        return None
    if fund := funding_round(fact):
        return FactOccasion("funding", fund)
    if fact.kind == "milestone" and _ROLE_CHANGE.search(text) and (title := role_title(fact, person_title)):
        return FactOccasion("role", title)
    if _AWARD_WORDS.search(fact.text):
        return FactOccasion("award", title_of(fact) or award_name(fact.text))
    # "I built our scorecard program" is someone describing their work, not news to congratulate on; and
    # what someone said ("“Carol built something this neighborhood trusts,” said Osei") is a quote, not news.
    if re.match(r"^(?:I|We|My|Our)\b", fact.text.strip()) or _QUOTATION.search(fact.text):
        return None
    if fact.kind == "milestone" or _GOOD_NEWS.search(fact.text):
        return FactOccasion("news", strip_date(fact.text).rstrip("."))
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
