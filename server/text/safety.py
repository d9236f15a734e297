"""Rules shared by the facts stage and the draft checks: what is too personal to use, and what is a page
trying to instruct the model that reads it.

Both err on the side of caution: a sentence wrongly called sensitive only costs a fact, a sensitive one
let through could end up in an email. Matching is on folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from functools import lru_cache

from server.text.languages import SENSITIVE_ABROAD
from server.text.names import fold
from server.text.sentences import sentence_spans

# Order matters only for which category a sentence touching several is reported under first. These words are
# private wherever they stand; the ones below (_OWNED) only when they are someone's own.
_SENSITIVE: dict[str, str] = {
    "health": r"""
        surger(?:y|ies)|surgical|(?:spinal|heart|knee|hip|back)\ operation|diagnos\w*|cancer|tumou?rs?
        |chemo\w*|radiotherapy|illness|ill\ health|sick\ leave|sick\b|intensive\ care
        |recover(?:ing|ed|y)\ from
        |depress(?:ion|ed)|anxiety|mental\ health|burn-?out|panic\ attacks?|ptsd|adhd|autis\w*|dyslexi\w*
        |diabet\w*|asthma|arthritis|stroke\b|heart\ attack|seizures?|epilep\w*|migraines?
        |pregnan\w*|miscarri\w*|ivf\b|fertility|hiv\b|long\ covid|broken\ (?:leg|arm|ankle|wrist|hip)
        |concussion
        |medical\ (?:leave|condition|treatment|reasons)|sobriety|addiction|alcoholi\w*|dementia|alzheimer\w*
        |parkinson\w*|oncolog\w*|(?:my|her|his|their)\ (?:health|doctor|physician|surgeon|\w+ologist)
        |health\ (?:reasons|issues?|scare|problems?)
        |get\ well""",
    # "Son" alone is also a surname (Masayoshi Son), so only a son spoken of as someone's child counts.
    "family": r"""
        (?:my|her|his|their|our)\ (?:\w+\ )?(?:kids?|child|children|sons?|daughters?|husband|wife|spouse
            |fianc[eé]e?|boyfriend|girlfriend|mum|mom|mother|dad|father|parents|brother|sister|siblings?
            |family|twins|baby|newborn|in-laws?|grand\w+|stepson|stepdaughter)\b
        |(?:my|her|his)\ partner\b|maternity|paternity|parental\ leave|married
        |marriage|divorc\w*|widow\w*|engaged\ to|passed\ away|funeral|bereave\w*|died\b|death\ of
        |custody|gave\ birth|birth\ of\ (?:our|their|her|his)
        |husbands?\b|wi(?:fe|ves)\b
        |daughters?\b(?!\ (?:company|companies|firm|firms|organi[sz]ations?|entit(?:y|ies)))
        |(?:(?<='s\ )|(?:a|the|one|two|three|four|your|baby|newborn|infant|eldest|oldest|youngest|only
            |teenage|adult|grown|little|younger|older)\ )sons?\b
        |(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})-year-old\b
            (?!\ (?:company|firm|business|brand|start-?up|institution|system|codebase|platform))""",
    "religion": r"""
        church\w*|mosque|synagogue|temple\b|parish|congregation|(?<!good\ )faith\b|pray\w*|worship\w*
        |religio\w*|spiritual\w*|god\b|jesus|christ\b|christian\w*|catholic\w*|protestant|evangelical
        |baptis\w*|methodist|lutheran|mormon|muslim|islam\w*|quran|koran|ramadan|eid\b|jewish|judaism
        |torah|kosher|shabbat|sabbath|hindu\w*|diwali|buddhis\w*|sikh\w*|atheis\w*|agnostic|bible
        |pastor|priest|rabbi|imam\b|missionary|bar\ mitzvah|bat\ mitzvah""",
    "politics": r"""
        politic\w*|democrats?\b|democratic\ party|republicans?\b|gop\b|labour\ party|tor(?:y|ies)\b
        |conservative\ party|liberal\ party|green\ party|vot(?:e|ed|ing)\ (?:for|against)|voters?\b|ballot
        |elections?\b|campaign(?:ed|ing)?\ (?:for|against)\ (?:the\ )?(?:congress|senate|office|mayor|governor
            |president|council|the\ bill)|candidate\ for|running\ for\ (?:office|congress|senate|mayor
            |council)|protest\w*|rall(?:y|ies)\ (?:for|against)|activis[tm]\w*|lobbying|lobbyist|partisan
        |left-wing|right-wing|maga\b|pro-life|pro-choice|abortion|gun\ (?:control|rights)|trade\ union
        |union\ member|brexit""",
    "legal": r"""
        arrest\w*|convict\w*|indict\w*|charged\ with|criminal|crimes?\b|felon\w*|misdemeanou?r|jail\w*
        |prison\w*|probation|parole|lawsuits?|sued\b|suing\b|litigation|court\ case|courtroom
        |(?:on|stand|stood|awaiting|criminal)\ trial|guilty|acquitt\w*|dui\b|dwi\b
        |police\ (?:report|record|custody|investigation)|bankrupt\w*|fraud\ (?:charges?|allegations?|case)
        |committed\ fraud|accused\ of|allegations?|restraining\ order|deport\w*|visa\ status
        |immigration\ status|undocumented""",
    "home": r"""
        home\ address|resides|(?:she|he|i|who|they)\ (?:\w+\ )?(?:lives|living|live)\ (?:at|in|on|near)\b
        |(?:my|her|his|their)
            \ (?:house|home\b(?!\ page)|apartment|flat|neighbou?rhood|street)|moved\ house|house\ in
        |street\ address|at\ home\b|(?:home|personal|private)\ (?:phone|cell)""",
    # Protected characteristics: never a reason to write to someone.
    "identity": r"""
        gay\b|lesbian|bisexual|queer\b|transgender|non-?binary|lgbt\w*|came\ out\ as|coming\ out
        |sexual\ orientation|ethnicity|racial\b|immigrant|refugee|asylum|citizenship|years\ old\b
        |(?:my|her|his|their)\ (?:\d+(?:st|nd|rd|th)\ )?birthday|born\ in\ (?:19|20)\d\d""",
}
# Words that are business as often as private ("fourteen hospitals go live", "free for children entering
# grade 1", "the mapping lives in one person's head"): private only when they are someone's own, i.e. after
# "my/your/her/his/their" (two words may stand between; in a draft "your" is the recipient), or when someone
# is in, on or at them ("I'm in therapy", "she was rushed to the hospital", "he lives in Toledo").
_OWNED: dict[str, str] = {
    "health": r"""
        hospital\w*|hospice|clinics?|physio\w*|physical\ therapy|therap(?:y|ies|ist)|rehab\w*
        |medications?|prescri(?:bed|ptions?)|diseases?|disorders?|chronic\ \w+|disabilit\w*|disabled
        |wheelchair|injur(?:y|ies|ed)|doctors?|transplant|dialysis|recovery|recovering|treatment""",
    "family": r"""children|kids|childcare|school\ run""",
    # A company's "phone numbers for each terminal" are business; someone's own number is not.
    "home": r"""(?:mobile\ |cell\ |phone\ )?(?:phone|cell(?:phone)?|mobile)\ numbers?""",
}
_OWNER = r"(?:my|your|her|his|their)\s+(?:[\w'-]+\s+){0,2}?"
_SOMEONE_IN = r"""
    (?:i|i'm|i've|she|he|she's|he's|who|they)\s+
    (?:(?:am|was|is|are|were|been|have|has|had|still|now|ended\ up|went|got|stayed|spent\ (?:a|the|\w+)
        \ (?:days?|weeks?|months?|nights?))\s+)*
    (?:(?:in|on|at|into|to|under|from|admitted\ to|rushed\ to|taken\ to|released\ from)\s+
        (?:the\s+|a\s+)?)?"""
# Every word starts at a word boundary: "selection" is not an election, "this neighborhood" not his. Pages
# (and their quotes) come in other languages too: their words are read wherever they stand.
_SENSITIVE = {
    name: f"{p}\n|{SENSITIVE_ABROAD[name]}" if name in SENSITIVE_ABROAD else p
    for name, p in _SENSITIVE.items()
}
_SENSITIVE_RE = {
    name: re.compile(
        rf"(?<![\w'])(?:{pattern})"
        + (rf"|(?<![\w'])(?:{_OWNER}|{_SOMEONE_IN})(?:{_OWNED[name]})" if name in _OWNED else ""),
        re.VERBOSE,
    )
    for name, pattern in _SENSITIVE.items()
}

# Who an injected instruction addresses: what AI systems are called, and names that are also people's names.
_AGENT_WORDS = r"""
    (?:ai|a\.i\.|llms?|large\ language\ models?|language\ models?|ai\ assistants?|chatbots?
    |ai\ (?:models?|agents?|systems?|tools?)|automated\ (?:research\ )?(?:tools?|agents?)
    |crawlers?|scrapers?)"""
_AGENT = rf"""(?:{_AGENT_WORDS}|assistants?|gpts?|chatgpt|claude|gemini|copilot|bots?)"""

# Unmistakable in any text: an email a person would send never says these.
_ALWAYS = rf"""
    \b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{{0,40}}?
        \b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|other)\b[^.\n]{{0,30}}?
        \b(?:instructions?|prompts?|directions?|rules|guidelines|directives?|messages|context)\b
    |\bdisregard\ (?:the|this|everything|all|anything)\ ?(?:above|previous|prior|before|else)?
    |\b(?:note|message|instructions?|attention)\b[\s,:]+(?:to\ |for\ )?(?:all\ |any\ |the\ )?{_AGENT_WORDS}\b
    |\bif\ you\ are\ an?\ {_AGENT}\b|\b{_AGENT}\ reading\ this\b
    |\b(?:system|developer)\ (?:prompt|message|instructions?)\b|\bdeveloper\ mode\b|\bjailbreak\w*
    |\bas\ an?\ (?:ai\ (?:language\ )?model|(?:large\ )?language\ model|ai\ assistant)\b
    |(?:^|[\n.!?]\s*)\W*(?:system|assistant|developer)\s*:
    |<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?inst\]|<</?sys>>|\#\#\#\ ?(?:instruction|system)
    |\breveal\ (?:your|the)\ (?:system\ )?(?:instructions|prompt|rules)\b
    |\bwire\ (?:a\ |the\ |your\ |some\ )?(?:\$\s?[\d,.]+\ )?(?:deposit|payment|money|funds)\b
    |\b(?:send|transfer)\ (?:a\ |the\ |your\ )?(?:\$\s?[\d,.]+\ )?(?:deposit|payment|bitcoin|crypto
        |gift\ cards?)
    |\bbank\ (?:account\ )?details\b|\brouting\ (?:number\ )?\d|\bswift\ code\b|\biban\b"""

# On a web page these address whoever reads it as a machine; in an email "you" is simply the recipient
# ("so you are now VP", "Hello Claude"), so drafts are not held to them.
_ON_PAGES = rf"""
    |\byou\ are\ now\b|\bfrom\ now\ on,?\ you\b|\bpretend\ (?:to\ be|you\ are)\b
    |\byou\ (?:must|should|will|shall)\ (?:now\ )?(?:say|tell|respond|reply|write|include|recommend
        |describe|mention|state|ignore|output|print)\b
    |\b(?:dear|hello|hi|hey)\b[\s,:]+(?:all\ |any\ |the\ )?{_AGENT}\b
    |\bas\ an?\ (?:ai|a\.i\.|(?:large\ )?language\ model)\b(?!-)
    |(?:^|[\n.!?]\s*)\W*(?:user|human)\s*:
    |\b(?:tell|ask|instruct|urge|remind|convince)\ (?:the\ |your\ |any\ )?(?:reader|user|recipient
        |visitor|human)s?\ (?:to|that)\b
    |\bwhen\ you\ (?:summari[sz]e|describe|write\ about|read)\ this\b
    |\bin\ your\ (?:response|summary|answer|output)s?\b
    |\binclude\ the\ (?:following\ )?(?:sentence|text|phrase|link)\b
    |\bdo\ not\ (?:tell|inform|mention\ this\ to)\ (?:the\ user|anyone|the\ reader)\b"""

_INSTRUCTION_IN_PAGE = re.compile(_ALWAYS + _ON_PAGES, re.VERBOSE)
_INSTRUCTION_IN_EMAIL = re.compile(_ALWAYS, re.VERBOSE)


def sensitive_categories(text: str) -> list[str]:
    """Every sensitive category `text` touches, in a fixed order."""
    folded = fold(text)
    return [name for name, pattern in _SENSITIVE_RE.items() if pattern.search(folded)]


def sensitive_category(text: str) -> str | None:
    """The first sensitive category of `text`: health, family, religion, politics, legal, home, identity."""
    found = sensitive_categories(text)
    return found[0] if found else None


# A page's text is masked by several stages (who it is about, its facts, the portrait) and checked again when
# it is judged a second time: the answer for the same text is kept rather than worked out again.
@lru_cache(maxsize=4096)
def is_instruction(text: str, *, in_email: bool = False) -> bool:
    """Whether `text` tries to instruct an AI or its reader: injected prompts, role tags, payment requests.

    in_email: `text` is from a draft, where "you" is the recipient; only what no email would say counts.
    """
    pattern = _INSTRUCTION_IN_EMAIL if in_email else _INSTRUCTION_IN_PAGE
    return bool(pattern.search(fold(text)))


@lru_cache(maxsize=64)
def mask_instructions(text: str) -> tuple[str, int]:
    """`text` with every sentence that tries to instruct blanked out (offsets kept), and how many there were.

    A line made mostly of such sentences is blanked whole: what is left of an injected block is part of it.
    """
    chars = list(text)
    count = 0
    lines: dict[int, list[tuple[int, int, bool]]] = {}
    line, pos = 0, 0
    for start, end in sentence_spans(text):
        line += text.count("\n", pos, start)
        pos = start
        flagged = is_instruction(text[start:end])
        count += flagged
        lines.setdefault(line, []).append((start, end, flagged))
    for sentences in lines.values():
        flagged = [s for s in sentences if s[2]]
        blank = sentences if flagged and 2 * len(flagged) >= len(sentences) else flagged
        for start, end, _ in blank:
            chars[start:end] = " " * (end - start)
    return "".join(chars), count
