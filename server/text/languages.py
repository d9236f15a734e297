"""The languages research reads (English, German, French, Dutch, Spanish, Italian): which one a page is
written in, and the few words that differ by language outside the facts stage's sentence patterns.

A page's stated language (`<html lang>`, Content-Language, og:locale) is often a template's default, so the
text itself decides when it clearly says otherwise: the words no other of these languages uses (from jusText's
stop lists) are counted, and one language must lead the others plainly.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import justext

ENGLISH = "en"
SUPPORTED = ("en", "de", "fr", "nl", "es", "it")
_LISTS = {  # jusText's stop list of each
    "en": "English",
    "de": "German",
    "fr": "French",
    "nl": "Dutch",
    "es": "Spanish",
    "it": "Italian",
}
MIN_WORDS = 8  # function words a language needs before the text is said to be written in it
LEAD = 2.0  # how many times more of them than the next language

# Words before a year that make it a deadline, not when something happened ("bis 2028", "d'ici 2027").
DEADLINE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("by", "until", "before", "through"),
    "de": ("bis", "bis zum", "bis Ende", "vor"),
    "fr": ("d'ici", "d’ici", "avant", "jusqu'en", "jusqu’en", "d'ici à", "d'ici fin"),
    "nl": ("tegen", "voor", "uiterlijk", "tot"),
    "es": ("para", "antes de", "hasta", "de aquí a"),
    "it": ("entro", "entro il", "prima del", "fino al"),
}
# Words before a month named without its year ("seit März", "en octobre"): it is the page's year.
MONTH_WORDS_BEFORE: dict[str, tuple[str, ...]] = {
    "de": ("im", "seit", "Anfang", "Ende", "Mitte"),
    "fr": ("en", "depuis", "début", "fin", "dès"),
    "nl": ("in", "sinds", "begin", "eind", "half"),
    "es": ("en", "desde", "a principios de", "a finales de"),
    "it": ("a", "ad", "da", "dal mese di", "nel mese di", "a inizio", "a fine"),
}


@cache
def _language_of_word() -> dict[str, str]:
    """Each function word only one of the languages uses (from jusText's stop lists), and that language."""
    lists = {
        code: {w.lower() for w in justext.get_stoplist(list_name) if w.isalpha()}
        for code, list_name in _LISTS.items()
    }
    return {
        word: code
        for code, words in lists.items()
        for word in words
        if not any(word in other for c, other in lists.items() if c != code)
    }


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SAMPLE = 6000  # characters of a page read to tell its language: a few hundred words are plenty


def detect_language(text: str) -> str | None:
    """The supported language `text` is plainly written in, or None when it is too short or too mixed."""
    language_of = _language_of_word()
    counts = Counter(language_of.get(token) for token in _WORD.findall(text[:SAMPLE].lower()))
    del counts[None]
    ranked = [*counts.most_common(2), (None, 0), (None, 0)]
    (best, most), (_, second) = ranked[0], ranked[1]
    return best if best and most >= MIN_WORDS and most >= LEAD * second else None


def reading_language(stated: str | None, text: str) -> str | None:
    """The language to read a page in: what its text plainly is, else what the page says it is.

    A stated language outside the ones read here ("pt", "pl") stands: the text can only be told apart from
    these, and Portuguese would pass for Spanish.
    """
    if stated and stated not in SUPPORTED:
        return stated
    return detect_language(text) or stated


# What is private, in the other languages (folded: lower case, no accents; read as re.VERBOSE, like
# safety.py's English lists). Words that are business as often as private ("Kinder" as customers, "Messe" a
# trade fair, "politique" a policy) count only when they are someone's own ("ihren Kindern", "sa famille").
_POSSESSIVE = r"""(?:ihr|ihre|ihrem|ihren|ihrer|sein|seine|seinem|seinen|seiner|mein|meine|meinem|meinen
    |sa|son|ses|mon|ma|mes|leur|leurs|haar|zijn|mijn|hun|su|sus|mi|mis|suo|sua|suoi|sue|mio|mia|miei|mie)"""
SENSITIVE_ABROAD: dict[str, str] = {
    "health": r"""
        krankheit|erkrank\w*|krebs\w*|chemotherapie|operiert|notoperation|operation\ (?:am|an\ der|an\ den)
        |krankenhaus\w*|klinikaufenthalt|schwanger\w*|genesung|depression\w*
        |maladie|malade|operee?\ (?:du|de\ la|des)|operation\ (?:du|de\ la|des)|hospitalis\w*|chimio\w*
        |enceinte|grossesse|convalescence|arret\ maladie
        |ziekte|ziek\b|operatie|zwanger\w*|ziekenhuis
        |enfermedad|enferm[oa]s?\b|operacion\ de|cirugia|embarazad\w*|hospitalizad\w*
        |malattia|malat[oa]\b|intervento\ chirurgico|incinta|gravidanza|ricoverat\w*""",
    "family": rf"""
        {_POSSESSIVE}\ (?:\w+\ )?(?:mann|frau|ehemann|ehefrau|kind|kinder|kindern|sohn|sohne|tochter|tochtern
            |familie|eltern|vater|mutter|bruder|schwester|partner|partnerin|lebensgefahrte|lebensgefahrtin
            |mari|epoux|epouse|femme|enfants?|fils|filles?|famille|parents|pere|mere|frere|soeur|compagnon
            |compagne|man|vrouw|echtgenoot|echtgenote|kinderen|zoon|dochter|familie|ouders|moeder|broer|zus
            |marido|esposo|esposa|mujer|hij[oa]s?|familia|padres|padre|madre|herman[oa]s?|pareja
            |marito|moglie|figli|figlio|figlia|figlie|famiglia|genitori|fratell[oi]|sorell[ae]|compagn[oa])\b
        |ehemann|ehefrau|verheiratet|hochzeit|scheidung|geschieden|elternzeit|mutterschutz|verstorben
        |beerdigung|mariee?\b|mariage|divorc\w*|conge\ (?:maternite|parental)|obseques|veuve?\b
        |getrouwd|huwelijk|gescheiden|zwangerschapsverlof|ouderschapsverlof|overleden|begrafenis
        |casad[oa]\b|boda\b|baja\ por\ maternidad|fallecid\w*|viud[oa]\b
        |sposat[oa]|matrimonio|divorzi\w*|maternita|vedov[oa]\b|funerale""",
    "religion": r"""
        kirche\w*|gottesdienst\w*|moschee|synagoge|katholisch\w*|evangelisch\w*|muslimisch\w*|judisch\w*
        |eglise|paroisse\w*|priere\w*|mosquee|catholique|musulman\w*
        |kerk\b|kerkelijk\w*|moskee|geloof\w*|gebed\w*|katholiek\w*
        |iglesia|parroquia|oracion|mezquita|catolic\w*
        |chiesa|parrocchia|preghiera|moschea|cattolic\w*""",
    "politics": r"""
        partei\w*|wahlkampf|bundestag\w*|landtag\w*|stadtrat\w*|demonstration\w*
        |parti\ (?:politique|socialiste|communiste)|militante?\b|syndicat\w*
        |politieke\ partij|verkiezing\w*|gemeenteraad
        |partido\ (?:politico|socialista|popular)|elecciones
        |partito\b|elezion\w*""",
    "legal": r"""
        verhaftet|festgenommen|verurteilt|angeklagt|anklage|strafverfahren|prozess\ gegen|klage\ gegen
        |gefangnis|betrug\w*
        |garde\ a\ vue|condamnee?|mise?\ en\ examen|proces\b|poursuivie?\ (?:pour|en)|plainte\ contre
        |gearresteerd|veroordeeld|rechtszaak|aangeklaagd|gevangenis
        |detenid[oa]|condenad[oa]|juicio|demanda\ contra|prision|carcel|imputad[oa]
        |arrestat[oa]|condannat[oa]|processo\ (?:penale|contro)|indagat[oa]|carcere""",
    "home": rf"""
        (?:wohnt|lebt)\ (?:\w+\ ){{0,4}}?(?:in|mit|am|im)\b|wohnhaft|privatadresse
        |{_POSSESSIVE}\ (?:haus|wohnung|zuhause|maison|appartement|huis|woning|casa|piso|appartamento)\b
        |habite\ (?:a|au|en|dans|avec)|domicile|vit\ (?:a|au|en|avec)\b
        |woont\ (?:in|met|op|te)\b|vive\ (?:en|con|a|in)\b|reside\ en|abita\ (?:a|in|con)\b""",
    "identity": r"""
        jahre\ alt|geboren\ (?:am|in|19|20)|geburtstag|nee?\ en\ (?:19|20)\d\d|anniversaire
        |jaar\ oud|geboren\ in|anos\ de\ edad|nacid[oa]\ en|cumpleanos|nat[oa]\ a\b|compleanno""",
}


# Words job titles are built from ("Geschäftsführerin", "Leiter Vertrieb", "directrice", "hoofd"): a phrase
# with one reads as a title, and a line made of them is a title, never a person's name heading a passage.
# (Surnames that are also titles, like "Sprecher", are left out.)
ROLE_WORDS: dict[str, str] = {
    # German compounds end in their head noun ("Vertriebsleiterin", "Finanzvorstand"): surnames that merely
    # contain one ("Scheffler") are not titles.
    "de": (
        r"\w*(?:leiter|führer|direktor|vorstand|vorständin|vorsitzender?|gründer|inhaber|berater|ingenieur"
        r"|entwickler|referent|chef|manager|prokurist|professor|wissenschaftler|architekt|redakteur|analyst"
        r"|beauftragter?|partner|gesellschafter)(?:in)?"
    ),
    "fr": (
        r"directeur|directrice|président|présidente|pdg|dg|drh|daf|fondateur|fondatrice|cofondat\w+"
        r"|co-fondat\w+|responsable|cheffe?|gérante?|ingénieure?|associée?|conseill\w+|chargée?"
        r"|chercheu\w+|consultante?|développeu\w+|administrat\w+|secrétaire|trésori\w+|rédact\w+"
        r"|professeure?|avocate?|déléguée?|dirigeante?|manager|partner"
    ),
    "nl": (
        r"directeur|directrice|\w*oprichter|hoofd|voorzitter|eigena\w+|adviseur|bestuurder|bestuurslid"
        r"|ontwikkelaar|onderzoeker|hoogleraar|docent|woordvoerder|\w*leider|\w*manager|partner|vennoot"
    ),
    "es": (
        r"director|directora|president[ea]|fundador\w*|cofundador\w*|jef[ea]|gerente|consejer[oa]"
        r"|delegad[oa]|soci[oa]|responsable|ingenier[oa]|investigador\w*|profesor\w*|abogad[oa]"
        r"|asesor\w*|coordinador\w*|desarrollador\w*|analista|portavoz"
    ),
    "it": (
        r"direttore|direttrice|presidente|fondat\w+|cofondat\w+|amministrat\w+|responsabile|soci[oa]"
        r"|consulente|ingegnere|ricercat\w+|professor\w*|avvocat[oa]|coordinat\w+|sviluppat\w+"
        r"|analista|titolare|dirigente|capo"
    ),
}
FOREIGN_ROLE_WORD = re.compile(r"(?i)\b(?:" + "|".join(ROLE_WORDS.values()) + r")\b")
