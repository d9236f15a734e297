"""What a job title looks like: the nouns that head one ("Representative", "Mayor"), the phrases that read as
one, the post-nominal letters that stand in for one ("RDH", "CFA, CFP"), and a title set before a name
("Vice Mayor Carol Garcia", "Lead Carpenter: Rod Stone")."""

from __future__ import annotations

import re

from server.research.facts.languages import TABLES
from server.text.languages import FOREIGN_ROLE_WORD

# Nouns that head a job title, as its last word: "Inside Sales Representative", "Nurse Practitioner", "car
# accident lawyer", "Vice Mayor". A shape for the readers that take a phrase for a title by where it stands
# (a label before a name, a word before a name, "is a ... lawyer"): general occupations, not any page's list.
TITLE_HEADS = (
    r"president|director|manager|officer|head|chief|founder|co-?founder|owner|proprietor|partner|principal"
    r"|chair|chairman|chairwoman|chairperson|executive|supervisor|superintendent|administrator|coordinator"
    r"|controller|comptroller|treasurer|secretary|clerk|foreman|engineer|architect|developer|designer"
    r"|analyst|scientist|researcher|consultant|advisor|adviser|specialist|strategist|accountant|bookkeeper"
    r"|auditor|actuary|economist|planner|attorney|lawyer|counsel|paralegal|solicitor|barrister|notary|broker"
    r"|realtor|agent|representative|associate|assistant|receptionist|technician|technologist|programmer"
    r"|editor|journalist|reporter|columnist|correspondent|producer|publisher|photographer|illustrator"
    r"|stylist|florist|translator|interpreter|recruiter|marketer|evangelist|advocate|physician|surgeon"
    r"|doctor|dentist|hygienist|nurse|practitioner|therapist|psychotherapist|counselor|counsellor|pharmacist"
    r"|chiropractor|veterinarian|midwife|paramedic|dietitian|nutritionist|professor|lecturer|teacher"
    r"|instructor|tutor|educator|dean|provost|chancellor|librarian|curator|coach|trainer|carpenter|painter"
    r"|plumber|electrician|contractor|mechanic|machinist|welder|chef|baker|estimator|surveyor|inspector"
    r"|installer|dispatcher|pilot|mayor|councilmember|councilman|councilwoman|councillor|councilor"
    r"|commissioner|alderman|senator|governor|legislator|ombudsman|sheriff|judge|magistrate|registrar"
    r"|ceo|cto|cfo|coo|cio|cmo|cpo|cro|ciso|vp|svp|evp|gm"
    # the professions that name themselves by their suffix: psychologist, radiologist, pediatrician...
    r"|[a-z]+(?:ologist|iatrist|ician|ographer)"
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:avp|vice[ -]president|lead|leader|writer|author|intern|fellow|trustee|product|host"
    rf"|general manager|md|managing|staff|member|board|{TITLE_HEADS})\b"
)
# A phrase that ends in a title's head noun, or in its complement ("Assistant Superintendent for Business",
# "Director of Marketing"); the phrase is cleaned first: no trailing punctuation.
HEADED = re.compile(rf"(?i)(?:^|\s)(?:{TITLE_HEADS})(?:\s+(?:of|for)\s+[^,;:]+)?$")
_NOT_TITLE = re.compile(
    r"(?i)^(?:who|which|that|where|when|said|says|and|but|is|was|has|had|will|to|in|on|at|for|with|this|"
    r"our|we|i|she|he|they)\b|\b(?:is|was|has|have|had|will|would|said|says|leads|runs|joined|promoted|appointed"
    r"|named|hired|became|becomes|announced|been)\b"
)


# The same in every other language research reads: a German card's "Geschäftsführerin" is a title wherever
# it is found (a page's stated language is often wrong), and "wurde ernannt" is a clause in any page.
_FOREIGN_NOT_TITLE = re.compile(
    r"(?i)^(?:" + "|".join(t.title_start for t in TABLES.values()) + r")\b"
    r"|\b(?:" + "|".join(t.not_title for t in TABLES.values()) + r")\b"
)


def title_ok(title: str) -> bool:
    """Whether a phrase reads like a job title: "Head of Partnerships", not "who leads partnerships"."""
    words = title.split()
    return (
        0 < len(words) <= 9
        and bool(_ROLE_WORDS.search(title) or FOREIGN_ROLE_WORD.search(title))
        and not _NOT_TITLE.search(title)
        and not _FOREIGN_NOT_TITLE.search(title)
        and not re.search(r"\d{3,}", title)
        and not _names_someone(title)
    )


# Words that qualify a title's rank or reach ("Vice", "Senior", "District").
_RANK = (
    r"vice|deputy|assistant|associate|senior|sr|junior|jr|chief|executive|general|acting|interim|lead"
    r"|managing|principal|regional|national|global|district|city|county|state|co"
)

# A title followed by someone's name is that person's title, not a title: "Mayor Susan Rohan and Vice Mayor
# Carol Garcia" after a comma in a list of names. A name: two capitalised words that are no title's words.
_HEAD_THEN_WORDS = re.compile(
    rf"(?i:\b(?:{TITLE_HEADS}))\s+(?P<a>[A-Z][a-z'’-]+)(?:\s+[A-Z]\.)?\s+(?P<b>[A-Z][a-z'’-]+)"
)


def _names_someone(title: str) -> bool:
    for m in _HEAD_THEN_WORDS.finditer(title):
        words = f"{m.group('a')} {m.group('b')}"
        if not _ROLE_WORDS.search(words) and not re.fullmatch(_RANK, m.group("a").lower()):
            return True
    return False


# Articles and "new" before a title in the other languages research reads ("die neue", "la nouvelle").
_FOREIGN_LEAD = (
    r"der|die|das|den|dem|zum|zur|neue[nrs]?|le|la|les|sa|son|notre|nouvelle?|het|een|nieuwe|el|los|las|su"
    r"|nuev[oa]|il|lo|gli|nuov[oa]"
)


def clean_title(title: str) -> str:
    title = re.sub(
        r"(?i)^(?:an?|the|our|its|their|new|interim|acting|former|formerly)\s+", "", title.strip(" ,.;:·*_®™")
    )
    title = re.sub(rf"(?i)^(?:(?:{_FOREIGN_LEAD})\s+|l['’])+(?=\S)", "", title)
    return " ".join(title.split()).rstrip(" ®™")


# Post-nominal letters: a licence or designation after a name ("Laura Klein, RDH", "Sonia Martin, DA, EFDA",
# "Keith Harris, M.D.", "Ph.D."): two to five letters, at least two of them capitals. Company forms and
# place codes take the same shape after a name ("Acme, LLC", "Jack Grand, NY") and are not credentials.
_NOT_CREDENTIALS = {
    "LLC", "PLLC", "LLP", "LP", "INC", "LTD", "PC", "PLC", "GMBH", "AG", "SA", "NV", "BV", "CO", "CORP",
    "USA", "US", "UK", "EU", "AL", "AK", "AZ", "AR", "CA", "CT", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MI", "MN", "MO", "MT", "NE", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
}  # fmt: skip


def credentials(text: str) -> str | None:
    """The post-nominal letters a text consists of ("RDH", "DA, EFDA", "CFA, CFP"), else None."""
    text = text.strip(" ,;")
    tokens = [t for t in re.split(r",\s*|\s+", text) if t]
    if not 0 < len(tokens) <= 4:
        return None
    for token in tokens:
        letters = token.replace(".", "")
        if not (
            2 <= len(letters) <= 5
            and letters.isalpha()
            and letters[0].isupper()
            and sum(c.isupper() for c in letters) >= 2
            and letters.upper() not in _NOT_CREDENTIALS
            and not _ROLE_WORDS.fullmatch(token)  # "CEO", "VP": a title written short
        ):
            return None
    return text


def is_credential(title: str) -> bool:
    return credentials(title) is not None


# A title written before a name: a label ending in a colon ("Owner and founder: Hugh Stearns", "District
# Superintendent:" above a name), or title words right before it ("Mayor Susan Rohan", "Vice Mayor Carol
# Garcia", "personal injury attorney R. Mack Babcock"). Without a colon only a title's head noun and the
# words that qualify a rank count, so "Yesterday CEO ..." gives "CEO" and a sentence's start is never taken.
_LABEL = re.compile(
    # "Lead Carpenter: ", or a line that opens with the title and a dash or bar: "Director – Jane Doe"
    r"(?:(?:^|[.;|•·–—(]\s)\s*(?P<title>[^:.;|•·–—()]{2,60}?)\s*:|^\s*(?P<lead>[^:.;|•·–—()]{2,60}?)\s+[–—|-])\s*$"
)
_HONORIFIC = re.compile(r"(?i)\b(?:dr|mr|mrs|ms|mx|miss|sir|dame)\.?\s*$")
# (a head noun may qualify another: "Head Coach", "Executive Director")
_BEFORE = re.compile(
    rf"(?i)(?<![\w'’.-])(?P<title>(?:(?:{_RANK}|{TITLE_HEADS})\.?[\s-]+){{0,3}}(?:{TITLE_HEADS}))[\s®™]*$"
)
_NOT_NOW = re.compile(r"(?i)\b(?:former|ex|late|then|retired|outgoing)[\s-]*$")


def title_before(before: str) -> str | None:
    """The title the text before a name gives it: a label ("Lead Carpenter:") or title words ("Mayor")."""
    before = _HONORIFIC.sub("", before)  # "Director: Dr. Jane Doe"
    m = _LABEL.search(before)
    if m:
        title = clean_title(m.group("title") or m.group("lead"))
        return title if title_ok(title) and HEADED.search(title) else None
    m = _BEFORE.search(before)
    if m and not _NOT_NOW.search(before[: m.start()]):
        return clean_title(m.group("title"))
    return None
