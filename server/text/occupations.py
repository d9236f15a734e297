"""Occupations that say what field someone works in, in the languages Rapport reads.

A deliberately small vocabulary, used only as a shape: "a dentist", "Krankenpflegerin", "avocate" in the words
that describe a name mark a profession a person rarely holds beside another job. Roles that fit any field
(manager, director, engineer, founder, consultant, researcher), and words as often adjectives as professions
("medica", "farmaceutico", "sportif"), are left out on purpose: they never contradict.
Each entry is one occupation, its forms in en/de/fr/nl/es/it; German compounds match at a word's end
("Gesundheits- und Krankenpflegerin", "Kinderzahnärztin").
"""

from __future__ import annotations

import re
from functools import cache

from server.text.names import fold

# occupation: its forms, folded (no accents); a leading "*" lets a German compound end in it.
OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "dentist": ("dentist", "dds", "dmd", "*zahnarzt", "*zahnarztin", "dentiste", "tandarts", "dentista", "odontologo", "odontologa"),  # noqa: E501
    "nurse": ("nurse", "*krankenpfleger", "*krankenpflegerin", "*krankenschwester", "*pflegefachfrau", "*pflegefachmann", "infirmier", "infirmiere", "verpleegkundige", "enfermera", "enfermero", "infermiere", "infermiera"),  # noqa: E501
    "physician": ("physician", "surgeon", "pediatrician", "general practitioner", "*arzt", "*arztin", "chirurg", "chirurgin", "medecin", "chirurgien", "huisarts", "cirujano", "cirujana", "chirurgo"),  # noqa: E501
    "pharmacist": ("pharmacist", "*apotheker", "*apothekerin", "pharmacien", "pharmacienne", "apotheker", "farmacista"),  # noqa: E501
    "veterinarian": ("veterinarian", "*tierarzt", "*tierarztin", "dierenarts"),  # noqa: E501
    "lawyer": ("lawyer", "attorney", "solicitor", "barrister", "*rechtsanwalt", "*rechtsanwaltin", "anwaltin", "avocat", "avocate", "advocaat", "abogado", "abogada", "avvocato", "avvocata"),  # noqa: E501
    "chef": ("chef", "pastry chef", "kochin", "*backer", "*backerin", "konditor", "konditorin", "cuisinier", "cuisiniere", "patissier", "patissiere", "boulanger", "boulangere", "cocinero", "cocinera", "panadero", "panadera", "cuoco", "cuoca", "pasticciere", "pasticciera"),  # noqa: E501
    "teacher": ("schoolteacher", "*lehrer", "*lehrerin", "institutrice", "instituteur", "leraar", "lerares", "maestra", "maestro", "insegnante"),  # noqa: E501
    "architect": ("architect", "architekt", "architektin", "architecte", "arquitecto", "arquitecta", "architetto"),  # noqa: E501
    "realtor": ("realtor", "real estate agent", "*immobilienmaklerin", "*immobilienmakler", "agent immobilier", "makelaar", "agente inmobiliario", "agente immobiliare"),  # noqa: E501
    "hairdresser": ("hairdresser", "hair stylist", "*friseur", "*friseurin", "coiffeur", "coiffeuse", "kapper", "peluquera", "peluquero", "parrucchiere", "parrucchiera"),  # noqa: E501
    "athlete": ("athlete", "footballer", "*sportlerin", "*fussballerin", "*fussballer", "voetballer", "futbolista", "calciatore", "calciatrice"),  # noqa: E501
    "musician": ("musician", "pianist", "violinist", "*musiker", "*musikerin", "*sangerin", "*sanger", "musicien", "musicienne", "chanteuse", "chanteur", "muzikant", "zangeres", "cantante"),  # noqa: E501
    "actor": ("actress", "*schauspieler", "*schauspielerin", "actrice", "actriz", "attore", "attrice"),  # noqa: E501
    "photographer": ("photographer", "*fotograf", "*fotografin", "photographe", "fotograaf", "fotografa", "fotografo"),  # noqa: E501
    "police officer": ("police officer", "*polizist", "*polizistin", "policier", "policiere", "politieagent", "policia", "poliziotto", "poliziotta"),  # noqa: E501
    "electrician": ("electrician", "plumber", "*elektriker", "*elektrikerin", "*installateur", "electricien", "plombier", "elektricien", "loodgieter", "electricista", "fontanero", "elettricista", "idraulico"),  # noqa: E501
}  # fmt: skip


# Words before an occupation that make it another job: a software architect is no architect, a pastry chef
# is one. Kept to the family that collides with office work.
NOT_AFTER = {
    "architect": {
        "software", "solution", "solutions", "data", "cloud", "enterprise", "security", "system", "systems",
        "technical", "it", "network", "information", "platform", "integration", "application",
        "infrastructure", "principal", "lead", "chief", "senior", "staff", "logiciel", "si",
    },
}  # fmt: skip


@cache
def _pattern() -> re.Pattern[str]:
    forms = []
    for words in OCCUPATIONS.values():
        for word in words:
            compound = word.startswith("*")
            body = re.escape(word.lstrip("*")).replace(r"\ ", r"\s+")
            forms.append(rf"(?P<o{len(forms)}>{r'[a-z]*' if compound else ''}{body})")
    # "chef de projet", "Chef der Abteilung": in French and German a chef is a boss.
    boss = r"(?!\s+(?:de|d'|du|des|der|von|vom)\b)"
    return re.compile(rf"(?<![\w-])(?:{'|'.join(forms)})(?:s|es|e|en|nen)?(?![\w-]){boss}")


@cache
def _occupation_of_group() -> dict[str, str]:
    names: dict[str, str] = {}
    for occupation, words in OCCUPATIONS.items():
        for _ in words:
            names[f"o{len(names)}"] = occupation
    return names


def occupations_in(text: str) -> list[str]:
    """The occupations a text names, in order of appearance ("a pastry chef in Portland": ["chef"])."""
    found: list[str] = []
    by_group = _occupation_of_group()
    folded = fold(text)
    for m in _pattern().finditer(folded):
        name = by_group[m.lastgroup] if m.lastgroup else None
        near = re.findall(r"[\w-]+", folded[max(0, m.start() - 30) : m.start()])[-1:]
        near += re.findall(r"[\w-]+", folded[m.end() : m.end() + 30])[:1]  # "architecte logiciel"
        if name and name not in found and not set(near) & NOT_AFTER.get(name, set()):
            found.append(name)
    return found
