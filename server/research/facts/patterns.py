"""The facts stage's patterns: what a job title, a talk, an award or a company goal looks like in a
sentence, and the small helpers that cut a fact's text, date and quote out of one."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from server.research.facts.titles import TITLE_HEADS
from server.text.dates import first_date, parse_date, without_dates
from server.text.schema_org import text_values

MAX_TEXT = 200
MAX_QUOTE = 400
MAX_OTHER = 3  # unclassified sentences naming the person, per page
MAX_COMPANY = 3  # company facts from the sentences of one page (its structured headline comes on top)

# Base confidence by where a fact came from; scaled by how sure identify was about the page.
STRUCTURED, PASSAGE, NAMED, SHORT_NAME, OWN_VOICE, PRONOUN, COMPANY = 0.95, 0.85, 0.85, 0.8, 0.8, 0.7, 0.8

ARTICLE_TYPES = {
    "Article", "BlogPosting", "NewsArticle", "TechArticle", "ScholarlyArticle", "Report",
    "OpinionNewsArticle", "AnalysisNewsArticle", "SocialMediaPosting", "Review", "Blog",
}  # fmt: skip
NEWS_TYPES = {"NewsArticle", "PressRelease", "AnalysisNewsArticle", "ReportageNewsArticle"}
EPISODE_TYPES = {"PodcastEpisode", "Episode", "RadioEpisode", "TVEpisode"}
ORG_TYPES = {
    "Organization",
    "Corporation",
    "LocalBusiness",
    "NGO",
    "EducationalOrganization",
    "NewsMediaOrganization",
}
# Roles held beside a job. A "fellow" is one only when it is not a job title ("Senior Research Fellow").
SIDE_ROLE = re.compile(
    r"\b(?:advisor|adviser|board|mentor|volunteer|(?<!research\s)(?<!teaching\s)fellow|trustee|investor"
    r"|ambassador)\b",
    re.I,
)
# A sentence saying when someone took up a role: "She founded the firm in January 2026", "promoted to".
STARTED = re.compile(
    r"(?i)\b(?:found(?:ed|s)|co-found(?:ed|s)|join(?:ed|s)|appoint(?:ed|s)|name[ds]|promot(?:ed|es)"
    r"|t(?:ook|akes)\s+over|start(?:ed|s)|bec(?:ame|omes)|hire[ds]"
    # the same in the other languages research reads, where the title follows the verb ("nomme X directrice")
    r"|ernennt|ernannte|beruft|berief|befördert|nomm(?:e|é|ée)|promeut|promue?|rejoint|benoemt|benoemd"
    r"|nombra|nombró|nombrad[oa]|nomina|nominat[oa])\b"
)
# A German or Dutch start whose participle ends the clause, the title before it ("zur Geschäftsführerin
# ernannt").
STARTED_LAST = re.compile(
    r"(?i)\b(?:zum|zur|tot)\s+(?P<title>[^,.;:()]{2,60}?)\s+(?:ernannt|berufen|bestellt|befördert|benoemd)\b"
)


# --- Text helpers ---------------------------------------------------------------------------------------

ORG = r"(?P<org>(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w'’&.-]*){0,5})"
# An organisation's name ends at punctuation, or where a relative clause about the person starts ("Founder
# of the Babcock Law Firm who has...").
_ORG_END = r"(?=\s*(?:$|[,.;:()·|])|\s+(?:who|which|where|since)\b)"
_BEING = r"(?:is|was|has been|serves as|served as)"
_I_AM = r"(?:I'm|I’m|I am|I was|I've been|I’ve been)"
_TITLE_STOP = (
    r"(?=\s*(?:$|[,.;:()·|]|\s[–—-]\s|\s+(?:at|for|with|in|on|effective|after|from|and\b(?!\s+co-?founder)"
    r"|to\s+lead|where|who|since|until|starting|beginning)\b))"
)
PAST = re.compile(
    r"(?i)\b(?:before (?:that|joining|\w+ing)|before [A-Z]\w+|previously|formerly|former|earlier|used to|"
    r"was (?:a|an|the)|I was|had been|spent \w+ years|until \d{4}|ex-)",
)
PRONOUN_WORD = re.compile(r"\b(?:[Ss]he|[Hh]e|[Hh]er|[Hh]is|[Hh]im|[Hh]erself|[Hh]imself)\b|^They\b")
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)\b")
FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|[Mm]y|[Mm]e|[Mm]yself)\b")
# Who said a quotation: "said Vega", "Schmidt says", "she added", "according to Dr. Jan Petersen".
SAID = re.compile(
    r"(?i)\b(?:said|says|added|adds|explained|explains|noted|notes|recalled|recalls|told|according\s+to"
    r"|writes|wrote|remembers|laughs|jokes)\b"
)
FUTURE = re.compile(r"(?i)\b(?:will|plans? to|hope to|going to|want to)\s+(?:\w+\s+){0,2}$")


def short(text: str) -> str:
    """Fact text: one line, at most MAX_TEXT characters, cut at a word."""
    text = re.sub(r"^[-*•·]\s+", "", " ".join(text.split())).strip(" ,;:")
    text = text.strip('“”"') if text.count("“") + text.count("”") == 1 or text.count('"') == 1 else text
    if len(text) <= MAX_TEXT:
        return text[:1].upper() + text[1:]
    cut = text[: MAX_TEXT - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut[:1].upper() + cut[1:] + "…"


_CLAUSE_BREAK = re.compile(
    # a comma before a year is inside a date ("June 12, 2026"), not between clauses
    r",\s+(?!(?:19|20)\d\d\b)(?:and\s+|but\s+)?|;\s+"
    r"|\s+(?:and|but|while|after|before|so that|which)\s+|\s[–—]\s"
)
LONG = 160  # a sentence longer than this is cut to the clause that holds the fact


def clause_bounds(sentence: str, at: int) -> tuple[int, int]:
    """Where the clause around position `at` starts and ends ("She joined in 2020 | and led the move")."""
    at = max(0, min(at, len(sentence)))
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at) if m.end() <= at), default=0)
    nxt = _CLAUSE_BREAK.search(sentence, max(at, start) + 1)
    return start, nxt.start() if nxt else len(sentence)


# A release's dateline: "PLAINFIELD, Ind. — June 2, 2026 — ", "COLUMBUS, Ohio — ", "Berlin, 1 July 2026 – ".
_DATE_IN_LINE = r"[\w.,' ]{3,25}?(?:19|20)\d\d"
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z.'’ -]{{2,}}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*[—–-]\s*"
    rf"(?:{_DATE_IN_LINE}\s*[—–-]\s*)?"
    rf"|[A-Z][\w.'’ -]{{1,30}},\s*{_DATE_IN_LINE}\s*[—–-]\s*)"
)


def clause(sentence: str, at: int) -> str:
    """A fact's text: the whole sentence when short, else the clause around position `at`; no dateline."""
    dateline = _DATELINE.match(sentence)
    if dateline and at >= dateline.end():
        sentence, at = sentence[dateline.end() :], at - dateline.end()
    if len(sentence) <= LONG:
        return sentence.strip(" .")
    start, end = clause_bounds(sentence, at)
    part = sentence[start:end].strip(" .")
    head = _CLAUSE_BREAK.search(sentence)
    # "Northwind Analytics, the forecasting company, today announced...": keep who did it.
    if start > 0 and head and head.group(0).startswith(",") and part[:1].islower():
        subject = sentence[: head.start()]
        if len(subject.split()) <= 4 and subject[:1].isupper() and not _NOT_A_SUBJECT.match(subject):
            part = f"{subject} {part}"
    return part


_NOT_A_SUBJECT = re.compile(
    r"(?i)(?:on|in|at|after|before|for|with|during|since|over|this|last|when|while|today|yesterday|"
    r"however|also|then|now|as|by|from|of)\b"
)


def date_near(sentence: str, at: int, default: str | None, lang: str | None = None) -> str | None:
    """The date stated in the clause around position `at` (in a page in `lang`), else `default`."""
    start, end = clause_bounds(sentence, at)
    return first_date(sentence[start:end], default, lang)


def quoted(text: str) -> str | None:
    """A title written in quotes in `text`: “Streaming without tears”, „Speicher im Quartier“, « L'usine »."""
    m = re.search(r"„(?P<q>[^“”\"]{3,120})[“”\"]|«\s*(?P<f>[^»]{3,120}?)\s*»|»(?P<r>[^«]{3,120})«", text)
    if m:
        return (m.group("q") or m.group("f") or m.group("r")).strip(" ,.")
    m = re.search(r"[“\"](?P<q>[^”\"]{3,120})[”\"]", text)
    if m:
        return m.group("q").strip(" ,.")
    m = re.search(r"(?<!\w)[‘'](?P<q>[^’']{3,120})[’'](?!\w)", text)
    return m.group("q").strip(" ,.") if m else None


def fact_id(source_url: str, kind: str, quote: str) -> str:
    """A fact's id: the same page, kind and quote always give the same id, so re-runs keep ids."""
    return "f_" + hashlib.sha1(f"{source_url}\n{kind}\n{quote}".encode()).hexdigest()[:12]


def with_date(text: str, when: str | None) -> str:
    # A year alone is stored as 1 January (the contract wants a day); the text says only the year.
    if when and when.endswith("-01-01"):
        when = when[:4]
    return f"{text} ({when})" if when else text


def item_date(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        for value in text_values(item.get(key)):
            parsed = parse_date(value)
            if parsed:
                return parsed
    return None


def eventish(name: str) -> bool:
    """Whether a name reads like an event: "DataSummit", "RoboCon 2026", "Field Robotics Workshop"."""
    return bool(
        re.search(r"(?:19|20)\d\d", name)
        or re.search(
            r"(?i)(?:conf\w*|summit|con\b|workshop|meetup|forum|symposium|days\b|expo|festival|week\b"
            r"|camp\b|webinar|congress|meeting|fest\b"
            # the same in the other languages research reads
            r"|kongress|tagung|messe\b|salon|congrès|rencontres|journée|congreso|jornada|congresso"
            r"|convegno|fiera|beurs|congres)",
            name,
        )
    )


def is_date_line(line: str, lang: str | None = None) -> bool:
    """A line that is a date and little else: "Friday, June 12, 2026 · 10:30 am", "3 juli 2026 · 11:15"."""
    rest = re.sub(
        r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\d{1,2}[:.]\d\d|\b[ap]\.?m\.?\b",
        "",
        without_dates(line, lang),
    )
    return rest != line and len(re.sub(r"[\W_]+", "", rest)) <= 12


# Patterns over sentences -------------------------------------------------------------------------------

# What sets a description off after a name: a comma, a bracket, or a dash, bar or bullet between spaces (any
# lone symbol but "&" and "+", which join: "Jan Addams – Practice Manager", "Carole Horan | Florist", a dash
# mis-decoded as "�").
SET_OFF_SYMBOL = r"[^\w\s,.;:()'\"“”‘’&+]"
_SET_OFF = rf"(?:,|\s{SET_OFF_SYMBOL}|\()"
APPOSITIVES = [
    # "Dana Okafor, Senior Data Engineer, Northwind Analytics" / "Miguel Santos, Head of Partnerships at X"
    re.compile(
        rf"^\s*{_SET_OFF}\s*(?P<title>[^,.;:()·|]{{2,70}}?)(?:,\s*|\s+at\s+){ORG}(?=\s*(?:$|[,.;:()·|]))"
    ),
    re.compile(rf"^\s*{_SET_OFF}\s*(?P<title>[^,.;:()·|]{{2,70}}?)\s+of\s+{ORG}{_ORG_END}"),
    # "Priya Raman, Chief Technology Officer ·"
    re.compile(rf"^\s*{_SET_OFF}\s*(?P<title>[^,.;:()·|]{{2,70}}?)\s*(?=$|[,.;)·|]|\s[–—-]\s)"),
    # "Priya Raman is CTO at Fernhill Robotics" / "... is CTO of Fernhill Robotics."
    re.compile(rf"^\s+{_BEING}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+at\s+{ORG}"),
    re.compile(rf"^\s+{_BEING}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+of\s+{ORG}{_ORG_END}"),
    # "Paul Wilkinson is a car accident lawyer in Denver": no organisation, so the phrase must end in a
    # title's head noun ("is a fan of", "is a leader in" say nothing about a job).
    re.compile(
        rf"^\s+(?:is|was)\s+(?:an?|the)\s+(?P<title>(?:[\w'’/-]+\s+){{0,4}}?(?i:{TITLE_HEADS}))(?![\w-])"
    ),
    # A title written straight after the name, capitalised, as headlines and flattened cards do: "Kaye Barr
    # Psychologist Perth", "Jane Doe Office Manager". It must end in a head noun, so "Jane Doe Photography"
    # (a business) and "Dana Okafor Joins Acme" are not titles.
    re.compile(
        rf"^\s+(?P<title>(?:[A-Z][\w'’/&-]*\s+){{0,2}}(?=[A-Z])(?i:{TITLE_HEADS}))(?=\s*$|\s*[,;:()·|–—-]|\s+[A-Z])"
    ),
]
ROLE_PATTERNS = [
    re.compile(
        rf"(?i:promoted\s+to|appointed(?:\s+as)?|named\s+(?:as\s+)?(?:the\s+)?new|hired\s+as|becomes|became"
        rf"|takes\s+over\s+as|took\s+over\s+as|now\s+serves\s+as|serves\s+as|stepped\s+in\s+as)"
        rf"\s+(?P<title>[^,.;:()]{{2,70}}?){_TITLE_STOP}(?:\s+(?:at|of)\s+{ORG})?"
    ),
    re.compile(
        rf"(?i:joined|joins|join)\s+{ORG}(?:\s+in\s+\d{{4}})?\s+as\s+(?P<title>[^,.;:()]{{2,70}}?){_TITLE_STOP}"
    ),
    re.compile(rf"\b{_I_AM}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+at\s+{ORG}"),
    re.compile(rf"\b{_I_AM}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+of\s+{ORG}{_ORG_END}"),
]
# An appointment that names the person between its verb and the title ("Lumen Freight Names Marisol Vega
# Chief Operating Officer", "The board appointed Dana Okafor as its new CTO"): the verb just before the name,
# the title just after it.
APPOINTED_BEFORE = re.compile(
    r"(?i:\b(?:names|named|appoints|appointed|promotes|promoted|hires|hired|elects|elected|taps|tapped"
    r"|welcomes|welcomed)\s+)$"
)
APPOINTED_AS = re.compile(
    rf"^\s+(?:(?i:as|to)\s+)?(?:(?i:its|the|our|their|new|a|an)\s+)*(?P<title>[^,.;:()]{{2,70}}?){_TITLE_STOP}"
)
# Sentences that say where the person works without giving a title.
EMPLOYER_PATTERNS = [
    re.compile(rf"\b(?i:joined|joins)\s+(?!the\s+(?:team|board|panel|show|call|conversation)){ORG}"),
    re.compile(rf"\b(?:I\s+work|[Ww]orks|[Ww]orked|[Ww]orking)\s+(?:as\s+[^,.;]{{2,40}}\s+)?at\s+{ORG}"),
    re.compile(rf"\b(?:I|[Ss]he|[Hh]e)\s+(?:leads?|runs?|manages?)\s+[^,.;]{{2,40}}?\s+at\s+{ORG}"),
    re.compile(
        rf"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:leads|runs|manages)\s+[^,.;]{{2,40}}?\s+at\s+{ORG}"
    ),
]
AWARD_NAME = re.compile(
    r"\b(?i:named|won|wins|received|receives)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+|one\s+of\s+)?"
    r"(?P<award>[^,.;]{3,80}?(?i:of\s+the\s+year|award|prize|to\s+watch|under\s+\d+|medal|fellowship)"
    r"(?:\s+(?:19|20)\d\d)?)(?:\s+by\s+(?P<by>(?:the\s+)?[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,4}))?"
)
EVENT_AT = re.compile(
    r"\b(?:at|for)\s+(?:the\s+)?(?P<event>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|\d{4})){0,5})"
)
# A degree, what it is in and where from: "PhD in Robotics from Carnegie Mellon University", "a master's in
# literacy education from UW–Milwaukee". The field may be lower case; the school is capitalised.
DEGREE = re.compile(
    r"(?P<degree>Ph\.?\s?D\.?|doctorate|MBA|M\.?Sc|B\.?Sc|M\.?Eng|B\.?Eng|B\.?A\.|M\.?A\.|M\.?S\.|B\.?S\.|"
    r"(?i:bachelor'?s?|master'?s?)(?:\s+degree)?|Doctor of [A-Z]\w+(?: [A-Z]\w+)?)"
    r"(?:\s+(?:degree\s+)?in\s+(?P<field>[\w&-]+(?:\s+(?!from\b|at\b)(?:and\s+)?[\w&-]+){0,4}))?"
    r"(?:[^.;]{0,20}?\b(?:from|at)\s+(?P<school>(?:the\s+)?[A-Z][\w'&.–-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w'&.–-]*){0,5}))?"
)
QUANTIFIED = re.compile(
    # A result with its numbers: "cut average trailer dwell time by 31 percent", "grew from 90 to 420".
    r"(?i)\b(?:cut|cuts|reduced|lowered|raised|increased|grew|grown|boosted|improved|doubled|tripled|halved"
    r"|shrank|dropped|rose|expanded)\b(?:[^.;]{0,80}?\bby\s+(?:about\s+|roughly\s+|nearly\s+|almost\s+"
    r"|more\s+than\s+|over\s+)?\d[\d.,]*\s*(?:%|percent|per\s+cent|points)"
    r"|\s+(?:\w+\s+){0,3}?from\s+(?:about\s+)?\d[\d.,]*[^.;]{0,40}?\bto\s+(?:about\s+|just\s+\w+\s+)?\d)"
)
PERSON_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "award",
        re.compile(
            r"(?i)\b(?:award(?:ed|s)?|won|wins|winner|honou?red|honou?ree|prize|recipient|recogni[sz]ed\s+as"
            r"|of\s+the\s+year|to\s+watch|\d+\s+under\s+\d+)\b"
        ),
    ),
    ("podcast", re.compile(r"(?i)\b(?:podcast|episode|ep\.\s?\d+|on\s+the\s+show|guest\s+on)\b")),
    (
        "talk",
        re.compile(
            r"(?i)\b(?:spoke|speaks|speaking|spoken|talked\s+(?:at|about)|talks?\s+(?:at|on)|gave\s+a\s+talk|keynote\w*|presented"
            r"|presents|presenting|panel(?:ist|lists)?|fireside\s+chat|webinar|lecture|a\s+talk|this\s+talk)\b"
        ),
    ),
    (
        "article",
        re.compile(
            r"(?i)\b(?:wrote|has\s+written|authored|co-authored|published|op-ed|blog\s+post|new\s+post|essay"
            r"|white\s?paper)\b"
        ),
    ),
    (
        "education",
        re.compile(
            r"\b(?:Ph\.?\s?D|MBA|M\.?Sc|B\.?Sc|(?i:doctorate|(?:bachelor|master)'?s?\s+(?:degree|in|of|from)|degree\s+in|graduated"
            r"|graduate\s+of|alumn(?:us|a|i)|studied))\b"
        ),
    ),
    (
        "milestone",
        re.compile(
            r"(?i)\b(?:launched|launches|founded|co-founded|started\s+(?:a|an|the|her|his|my)|raised|funding"
            r"|series\s+[a-e]\b|acquired|opened|shipped|led\s+the\s+(?:move|migration|launch|rollout|team\s+that)"
            r"|finished|completed|migrated|(?<!\bis\s)(?<!\bwas\s)(?<!\bbeen\s)built(?!\s+(?:on|upon|in|into|for|by|around)\b)|anniversary|milestone|reached|surpassed)\b"
        ),
    ),
    ("milestone", QUANTIFIED),
    (
        # Memberships and seats: a standards committee, a board, a fellowship.
        "member",
        re.compile(
            r"(?i)\b(?:(?:is|was|became)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}(?:member|fellow|trustee|chair)\s+of"
            r"|serves?\s+on|sits?\s+on|(?:board|committee|council)\s+member)\b"
        ),
    ),
    (
        "interest",
        re.compile(
            r"(?i)\b(?:passionate\s+about|interested\s+in|interest\s+in|enjoys?|fan\s+of|hobby|hobbies"
            r"|in\s+(?:my|her|his|your)\s+(?:spare|free)\s+time|outside\s+(?:of\s+)?work|not\s+at\s+work"
            r"|not\s+working|off\s+the\s+clock|off\s+duty|away\s+from\s+(?:work|the\s+office|your\s+desk)|for\s+fun"
            r"|writes?\s+about|talks?\s+about"
            r"|research\s+focus(?:es|ed)\s+on|speciali[sz]\w*\s+in|happy\s+to\s+(?:join|talk|chat|help)"
            r"|learning\s+to|recommends?)\b"
        ),
    ),
]
GOAL = re.compile(
    r"(?i)\b(?:our\s+(?:mission|goal|vision|aim|ambition|commitment|plan)|mission\s+is|goal\s+(?:is|of|for)"
    r"|(?:my|our|the)\s+(?:\w+\s+)?(?:focus|priority|target|objective|aim|goal)\b[^.;]{0,40}?\b(?:is|are|will\s+be)\b"
    r"|aims?\s+to|aiming\s+to|plans?\s+to|planning\s+to|on\s+track\s+to|committed\s+to|by\s+20\d\d"
    r"|next\s+chapter|helps?\s+(?:[\w-]+\s+){0,2}(?:retailers|companies|businesses|teams|customers|shippers"
    r"|operators|brands|people|organi[sz]ations|enterprises)\b)"
)
NEWS = re.compile(
    r"(?i)\b(?:raise[sd]|raising|funding|series\s+[a-e]\b|launch(?:ed|es)|announce[sd]|acquir(?:ed|es)"
    r"|acquisition|open(?:ed|s)\s+(?:a|an|its|our|the|their|second|third|fourth|fifth|new|\d+(?:st|nd|rd|th))\b"
    r"|partner(?:ed|s)\s+with|partnership|expand(?:ed|s)"
    r"|hired|adds|added|release[sd]|introduc(?:ed|es)|unveil(?:ed|s)|surpass(?:ed|es)|founded|ipo|grew"
    r"|record|certif(?:ied|ication)|won|award(?:ed)?)\b"
)
