"""The grammar cues an offer is read by, per language: what marks the sender's willingness ("can", "happy
to", "kann", "peut"), the verbs of giving and what each gives, and the small words that join a list.

Offers are read by their sentence structure (a willing verb and the noun phrases it takes), so these are
closed classes of function words and verbs, not lists of things people give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from server.models import GiftKind

# What a verb gives: its object is a thing (kind decided by the object's head noun), a person to meet, a
# donation, or the sender's time (hosting a visit or an event, volunteering).
GIVE, INTRODUCE, DONATE, HOST, VOLUNTEER = "give", "introduce", "donate", "host", "volunteer"
VERB_KIND: dict[str, GiftKind | None] = {
    GIVE: None, INTRODUCE: "introduction", DONATE: "donation", HOST: "time", VOLUNTEER: "time",
}  # fmt: skip


@dataclass(frozen=True, eq=False)  # one per language, cached by identity
class Cues:
    language: str
    marker: str  # words after which a verb of giving is the sender's offer ("can", "happy to")
    verbs: dict[str, str]  # a verb (a regex) of giving -> GIVE | INTRODUCE | DONATE | HOST
    between: str = ""  # what may stand between the marker and the verb (adverbs, object pronouns)
    verb_final: bool = False  # the verb closes its clause ("kann ... teilen"), as in German and Dutch
    # Words joining a list, and the prepositions naming whom an introduction is to ("to", "à", "aan").
    joiners: tuple[str, ...] = ("and", "or")
    to: tuple[str, ...] = ("to", "with")
    determiners: str = ""  # words, by spaces: a list item that starts with one is a gift of its own
    # The sender speaking of themself ("I", "we", "puedo"), and, in an offer written about them ("Claire peut
    # partager"), their possessives as they would write them ("son réseau" is "mon réseau").
    first_person: str = r"I|I'm|I'd|I'll|we|we're|we'd|we'll|my|our|me|us"
    opening: str = ""  # a clause opening on the giving itself ("Offering: ..."), no marker needed
    mine: tuple[tuple[str, str], ...] = (
        ("his", "my"),
        ("her", "my"),
        ("himself", "myself"),
        ("herself", "myself"),
    )


_ENCLITIC = r"(?:le|les|te|os|nos|lo|la|los|las)?"
_EN_VERBS = {
    r"share": GIVE, r"send(?:\s+over)?": GIVE, r"offer": GIVE, r"give": GIVE, r"provide": GIVE,
    r"lend": GIVE, r"loan": GIVE, r"pass\s+(?:along|on)": GIVE, r"forward": GIVE, r"donate": DONATE,
    r"host": HOST, r"volunteer": VOLUNTEER, r"introduce": INTRODUCE, r"connect": INTRODUCE,
    r"put(?:\s+\w+){0,3}?\s+in\s+touch\s+with": INTRODUCE,
    r"make\s+(?:(?:an?|some|a\s+few|warm)\s+)*intro(?:duction)?s?\s+to": INTRODUCE,
}  # fmt: skip

_FR_VERBS = {
    r"partager": GIVE, r"envoyer": GIVE, r"transmettre": GIVE, r"offrir": GIVE, r"donner": GIVE,
    r"proposer": GIVE, r"prêter": GIVE, r"fournir": GIVE, r"faire\s+don\s+d[e'’]": DONATE,
    r"accueillir": HOST, r"présenter": INTRODUCE, r"mettre\s+en\s+(?:relation|contact)\s+avec": INTRODUCE,
}  # fmt: skip

_ES_VERBS = {
    rf"compartir{_ENCLITIC}": GIVE, rf"enviar{_ENCLITIC}": GIVE, rf"mandar{_ENCLITIC}": GIVE,
    rf"ofrecer{_ENCLITIC}": GIVE, rf"dar{_ENCLITIC}": GIVE, rf"prestar{_ENCLITIC}": GIVE,
    rf"proporcionar{_ENCLITIC}": GIVE, rf"donar{_ENCLITIC}": DONATE, rf"acoger{_ENCLITIC}": HOST,
    rf"presentar{_ENCLITIC}": INTRODUCE, rf"poner{_ENCLITIC}\s+en\s+contacto\s+con": INTRODUCE,
}  # fmt: skip

_DE_VERBS = {
    r"teilen": GIVE, r"(?:zu)?schicken": GIVE, r"(?:zu)?senden": GIVE, r"weitergeben": GIVE,
    r"geben": GIVE, r"anbieten": GIVE, r"(?:aus)?leihen": GIVE, r"zur\s+Verfügung\s+stellen": GIVE,
    r"spenden": DONATE, r"vorstellen": INTRODUCE, r"vermitteln": INTRODUCE, r"vernetzen": INTRODUCE,
    r"bekannt\s+machen": INTRODUCE, r"in\s+Kontakt\s+bringen": INTRODUCE,
}  # fmt: skip

_NL_VERBS = {
    r"delen": GIVE, r"(?:op|toe|ver)?sturen": GIVE, r"geven": GIVE, r"(?:aan)?bieden": GIVE,
    r"(?:uit)?lenen": GIVE, r"doneren": DONATE, r"schenken": DONATE, r"voorstellen": INTRODUCE,
    r"introduceren": INTRODUCE, r"in\s+contact\s+brengen": INTRODUCE, r"koppelen": INTRODUCE,
}  # fmt: skip

ENGLISH = Cues(
    language="en",
    marker=r"can|could|will|would|'ll|’ll|may|happy to|glad to|willing to|able to|love to|like to|keen to"
    r"|offers? to"
    # "I share", "we send": first person alone offers only with verbs that cannot be selling ("we offer" can).
    r"|(?:I|we)(?=\s+(?:also\s+)?(?:share|send|donate|lend|introduce)\b)",
    between=r"(?:\s+(?:also|gladly|happily|readily|always|certainly|usually|often|even|be\s+happy\s+to"
    r"|be\s+glad\s+to))*",
    verbs=_EN_VERBS,
    opening=r"offering|sharing|giving\s+away",
    determiners="a an the our my some two three free its their his her",
)
FRENCH = Cues(
    language="fr",
    marker=r"peut|peux|pouvons|pouvez|peuvent|pourrait|pourrais|pourrions|pourraient|volontiers"
    r"|(?:ravie?s?|heureu(?:x|se)s?)\s+de",
    between=r"(?:\s+(?:aussi|également|volontiers|vous|te|leur|lui|nous))*",
    verbs=_FR_VERBS,
    joiners=("et", "ou"),
    to=("à", "aux", "avec"),
    first_person=r"je|j['’]\w+|nous|mon|ma|mes|notre|nos|moi",
    mine=(("son", "mon"), ("sa", "ma"), ("ses", "mes")),
    determiners="le la les l' un une des notre nos mon ma mes son sa",
)
SPANISH = Cues(
    language="es",
    marker=r"puede|puedo|podemos|pueden|podría|podríamos|con\s+gusto|encantad[oa]s?\s+de|dispuest[oa]s?\s+a",
    between=r"(?:\s+(?:también|además|con\s+gusto|le|les|te|os|nos))*",
    verbs=_ES_VERBS,
    joiners=("y", "e", "o"),
    to=("a", "con"),
    first_person=r"yo|puedo|podemos|podríamos|nosotr[oa]s|mi|mis|nuestr[oa]s?|encantad[oa]s?",
    mine=(("su", "mi"), ("sus", "mis")),
    determiners="el la los las un una unos unas nuestro nuestra nuestros nuestras mi mis su sus",
)
GERMAN = Cues(
    language="de",
    marker=r"kann|können|könnte|könnten|kannst|würde|würden|gerne?",
    verbs=_DE_VERBS,
    verb_final=True,
    joiners=("und", "oder"),
    to=("zu", "mit"),
    first_person=r"ich|wir|mein\w*|unser\w*|mir|mich|uns",
    mine=tuple(
        (f"{pronoun}{ending}", f"mein{ending}")
        for pronoun in ("sein", "ihr")
        for ending in ("e", "em", "en", "er", "es")
    )
    + (("sein", "mein"),),
    determiners="der die das den dem des ein eine einen einem unsere unser unseren meine mein meinen "
    "seine ihre",
)
DUTCH = Cues(
    language="nl",
    marker=r"kan|kunnen|kun|zou|zouden|wil|willen|graag",
    verbs=_NL_VERBS,
    verb_final=True,
    joiners=("en", "of"),
    to=("aan", "met"),
    first_person=r"ik|wij|we|mijn|ons|onze|mij|me",
    mine=(("zijn", "mijn"), ("haar", "mijn")),
    determiners="de het een onze ons mijn zijn haar",
)
LANGUAGES = (ENGLISH, FRENCH, SPANISH, GERMAN, DUTCH)

# Things that are introductions, donations or time by their head noun ("warm intros to", "book donations",
# "paid volunteer days"), whichever verb offers them.
HEAD_KINDS: dict[str, GiftKind] = {
    "introduction": "introduction", "introductions": "introduction", "intro": "introduction",
    "intros": "introduction", "donation": "donation", "donations": "donation", "grant": "donation",
    "grants": "donation", "sponsorship": "donation", "volunteering": "time", "mentoring": "time",
    "mentorship": "time", "talk": "time", "talks": "time",
}  # fmt: skip
# What a host gives: the visit or the event ("host a workshop", "host your team for a tour"), never a service
# ("host your FHIR servers" is what a cloud company sells).
EVENT_HEADS = frozenset((
    "workshop", "workshops", "dinner", "tour", "visit", "roundtable", "session", "sessions", "meetup",
    "webinar", "breakfast", "lunch", "event", "class", "training", "day", "days", "afternoon",
))  # fmt: skip
# A cue whose subject is a product says what it does, not what the sender gives ("our platform can send").
PRODUCT_SUBJECT = re.compile(
    r"\b(?:platform|software|app|tool|product|system|solution|api|service|engine|sensor|device|plattform"
    r"|logiciel|plateforme|plataforma)s?\b",
    re.IGNORECASE,
)
# A day or an hour is time given when what qualifies it is giving ("volunteer days", "pro bono hours").
TIME_HEADS = frozenset(
    ("day", "days", "hour", "hours", "time", "afternoon", "afternoons", "session", "sessions")
)
TIME_GIVING = re.compile(r"\b(?:volunteer\w*|pro\s+bono|mentor\w*|advisory|office)\b", re.IGNORECASE)


@cache
def cue_pattern(cues: Cues) -> re.Pattern[str]:
    """A willing verb of giving: marker, what may stand between, the verb (named group per role)."""
    verbs = "|".join(f"(?P<{role}{i}>{verb})" for i, (verb, role) in enumerate(cues.verbs.items()))
    if cues.verb_final:  # the marker opens the clause; its verbs are found one by one at its end
        return re.compile(rf"(?<!\w)(?:{cues.marker})(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?<!\w)(?:{cues.marker}){cues.between}\s+(?:{verbs})(?!\w)", re.IGNORECASE)


@cache
def verb_pattern(cues: Cues) -> re.Pattern[str]:
    """A verb of giving on its own (a second one in a list: "share X and introduce Y")."""
    verbs = "|".join(f"(?P<{role}{i}>{verb})" for i, (verb, role) in enumerate(cues.verbs.items()))
    return re.compile(rf"(?<!\w)(?:{verbs})(?!\w)", re.IGNORECASE)


def role_of(match: re.Match[str]) -> str:
    """Which role's group of a cue or verb pattern matched."""
    group = next(name for name, value in match.groupdict().items() if value is not None)
    return group.rstrip("0123456789")
