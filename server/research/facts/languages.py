"""The facts stage's sentence cues in German, French, Dutch, Spanish and Italian, one table per language.

Each table holds grammar, not phrases from a page: the words a language builds a statement of each kind
from (its copula, its prepositions for "at" and "of", its appointment participles, its verbs for speaking,
studying, founding), which cues.py fits into the same few sentence shapes as English. `{title}`, `{org}`
and `{stop}` in a pattern stand for a job title, an organisation and where a title ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageTable:
    """One language's cue words and sentence shapes, as regex sources."""

    not_title: str  # words that mean a phrase is a clause, not a title (finite verbs)
    title_start: str  # words a title never starts with (articles, conjunctions)
    at: str  # "at" an employer
    of: str  # "of" an organisation
    being: str  # "is/was" a title
    title_stop: str  # words that end a title (prepositions, conjunctions, "since")
    roles: tuple[str, ...]  # sentences that give a title: appointments, "joined X as", "is X at Y"
    appoints: str  # an appointing verb just before the person's name ("ernennt", "nomme", "nombra")
    appointed_as: str  # what stands between the name and the title after such a verb ("zur", "au poste de")
    kinds: dict[str, str]  # award, podcast, talk, article, education, milestone
    degree: str  # a degree, its field and school (groups: degree, field, school; each optional)
    goal: str
    news: str
    future: str  # a cue preceded by this is a plan, not a fact
    past: str  # a title that is no longer held
    pronoun: str  # she/he/her/his continuing a sentence that named the person
    first_person: str
    company_voice: str  # how a company's own sentences open ("Wir", "Notre")
    event_at: str  # "at" an event ("auf dem", "lors du"), before its name
    promoted: str  # a title reached by promotion ("befördert", "promue")
    employer: tuple[str, ...] = field(default_factory=tuple)  # where they work, without a title


_ADJ = r"(?:neue[nrs]?|nouvelle?|nieuwe|nuev[oa]|nuov[oa])"
# "of" before a name ends a title ("directrice générale | de Lumiflux"), before a noun it does not
# ("directrice des opérations").
_OF_NAME = r"(?:de|du|d['’])\s*(?=[A-ZÀ-Þ])"

TABLES: dict[str, LanguageTable] = {
    "de": LanguageTable(
        not_title=r"ist|war|wurde|wird|sind|waren|ernannt|berufen|bestellt",
        title_start=r"der|die|das|und|mit|für|ab|seit",
        at=r"bei|im|in\s+der",
        of=r"der|des|von|vom",
        being=r"(?:ist|war)(?:\s+seit\s+\S+)?(?:\s+(?:als|die|der|neue[rn]?))?",
        title_stop=r"bei|der|des|von|vom|im|mit|und|seit|ab|für|zum|zur|in|an|auf|nach|wo|die",
        roles=(
            # "wurde zur Geschäftsführerin ernannt", "zum neuen CTO berufen" (the verb comes last)
            rf"\b(?:zum|zur)\s+(?:{_ADJ}\s+)?(?P<title>[^,.;:()\d]{{2,60}}?)\s+(?:ernannt|berufen|bestellt"
            r"|befördert|gewählt)\b",
            # "übernimmt die Position als CTO", "wechselt als Leiterin Vertrieb zu Elbwerk"
            rf"\b(?:übernimmt|übernahm|wechselt|wechselte|kam|kommt|tritt|trat)\s+(?:\S+\s+){{0,4}}?als\s+"
            rf"(?:{_ADJ}\s+)?(?P<title>[^,.;:()]{{2,60}}?){{stop}}(?:\s+(?:bei|zu|zur|zum)\s+{{org}})?",
            # "ist seit 2021 Geschäftsführerin der Elbwerk Energie GmbH"
            r"\b(?:ist|war|wird)\s+(?:(?:seit\s+\S+|zuvor|bereits|damals|vorher|schon|die|der|neue[rn]?)\s+)*"
            r"(?P<title>[^,.;:()]{2,60}?)"
            r"\s+(?:bei|der|des|von)\s+{org}",
            # "Vogel war zuvor Leiterin Netzintegration." (a title held before: PAST marks it)
            r"\bwar\s+(?:(?:zuvor|davor|vorher|bereits|damals|lange|seit\s+\S+|bis\s+\S+)\s+)*"
            r"(?P<title>[^,.;:()]{2,60}?){stop}",
        ),
        appoints=r"ernennt|ernannte|beruft|berief|bestellt|bestellte|befördert|beförderte|holt|begrüßt",
        appointed_as=rf"(?:[^,.;:()]{{0,40}}?\s)?(?:zum|zur|als)\s+(?:{_ADJ}\s+)?",
        kinds={
            "award": r"ausgezeichnet|Auszeichnung|Preis\w*|preisträger\w*|gewinnt|gewann|prämiert|verliehen",
            "podcast": r"Podcast\w*|Folge\s+\d+|zu\s+Gast\s+(?:im|bei|in)",
            "talk": (
                r"Vortrag|Vorträge|Vortrags|Keynote|Impulsvortrag|referiert\w*|Referentin|Referent|spricht"
                r"|sprach|hält\s+(?:einen|den|die)|hielt\s+(?:einen|den|die)|Podiumsdiskussion|Panel"
            ),
            "article": r"schrieb|schreibt\s+(?:über|in)|veröffentlicht\w*|Gastbeitrag|Fachbeitrag",
            "education": r"studierte|Studium|promovierte|Promotion|Abschluss|Diplom\w*|Absolvent\w*",
            "milestone": r"gründete|gegründet|mitgegründet|baute\s+\S+\s+auf|aufgebaut|eröffnete|startete",
        },
        degree=(
            r"(?:(?P<degree>Master|Bachelor|Diplom|Promotion|Doktor)\w*|studierte|promovierte)"
            r"(?:\s+(?:in\s+)?(?P<field>[A-ZÄÖÜ][\w-]+(?:\s+(?:und\s+)?[A-ZÄÖÜ][\w-]+){0,2}))?"
            r"(?:[^.;]{0,30}?\b(?:an\s+der|an\s+dem|am|an|in)\s+"
            r"(?P<school>[A-ZÄÖÜ][\w'’&.-]*(?:\s+(?:für\s+|in\s+)?[A-ZÄÖÜ][\w'’&.-]*){0,5}))?"
        ),
        goal=(
            r"Ziel\s+ist|unser\s+Ziel|Ziel\s+(?:von|der|des|bis)|Mission|Vision|wollen\s+bis|will\s+bis"
            r"|bis\s+(?:Ende\s+)?20\d\d|strebt\s+an|streben\s+an"
        ),
        news=(
            r"übernimmt|Übernahme|eröffnet|erweitert|Finanzierungsrunde|sammelt|startet|kündigt\s+\S+\s+an"
            r"|Partnerschaft|kooperiert|gewinnt|wächst|expandiert|stellt\s+\S+\s+vor|bringt\s+\S+\s+auf"
        ),
        future=r"(?:wird|werden|will|wollen|plant|planen)\s+(?:\S+\s+){0,2}$",
        past=r"zuvor|davor|vorher|bisher|ehemalig\w*|früher|vormals|bis\s+20\d\d",
        pronoun=r"^(?:Sie|Er)\b|\b(?:ihr|ihre|ihrem|ihren|ihrer|sein|seine|seinem|seinen|seiner)\b",
        first_person=r"\b(?:[Ii]ch|[Mm]ein\w*|[Ww]ir|[Uu]ns\w*)\b",
        company_voice=r"(?:Wir|Unser\w*|Das\s+Unternehmen)\b",
        event_at=r"auf\s+(?:dem|der)|beim|bei\s+der|im\s+Rahmen\s+(?:des|der)",
        promoted=r"befördert\w*",
    ),
    "fr": LanguageTable(
        not_title=r"est|était|sera|a\s+été|sont|ont|nommée?|rejoint",
        title_start=r"le|la|les|l['’]|et|qui|que|au|du|un|une",
        at=r"chez|à|au\s+sein\s+de",
        of=r"de|du|d['’]|de\s+la",
        being=r"(?:est|était|devient|est\s+devenue?)(?:\s+(?:la|le|l['’]))?",
        title_stop=rf"chez|à|au|depuis|avec|et|pour|dans|en|qui|où|après|avant|dès|le|la|sur|par|{_OF_NAME}",
        roles=(
            # "nommée directrice générale", "a été nommé au poste de directeur financier"
            rf"\b(?i:nommée?s?|promue?s?|élue?s?|désignée?s?|reconduite?s?)\s+(?:au\s+poste\s+de\s+|comme\s+"
            rf"|en\s+tant\s+que\s+|à\s+la\s+tête\s+de\s+)?(?:(?:la|le|l['’]|sa|son)\s+)?(?:{_ADJ}\s+)?"
            rf"(?P<title>[^,.;:()]{{2,60}}?){{stop}}(?:\s*(?:de|du|d['’]|chez)\s*{{org}})?",
            # "a rejoint Lumiflux en 2019 comme directrice des opérations"
            r"\b(?:a\s+rejoint|rejoint|rejoindra|intègre|a\s+intégré)\s+{org}(?:\s+en\s+\d{4})?\s+"
            r"(?:en\s+tant\s+que|comme|au\s+poste\s+de)\s+(?P<title>[^,.;:()]{2,60}?){stop}",
            r"\b(?:occupe|occupait)\s+(?:le\s+poste|la\s+fonction)\s+de\s+(?P<title>[^,.;:()]{2,60}?){stop}",
            # "était jusqu'ici directrice des opérations" (a title held before: PAST marks it)
            r"\bétait\s+(?:(?:jusqu['’]ici|jusqu['’]alors|auparavant|précédemment)\s+)?"
            r"(?P<title>[^,.;:()]{2,60}?){stop}",
        ),
        appoints=r"nomme|a\s+nommé|promeut|accueille|nomination\s+de|nomination\s+d['’]|arrivée\s+de",
        appointed_as=r"(?:[^,.;:()]{0,30}?\s)?(?:au\s+poste\s+de|comme|en\s+tant\s+que|à\s+la\s+tête\s+de)\s+",
        kinds={
            "award": r"prix|récompensée?|lauréate?|distinguée?|primée?|trophée|remport\w+|décern\w+",
            "podcast": r"podcast|épisode|émission",
            "talk": (
                r"conférence|interviendr\w+|intervien\w+|intervention|table\s+ronde|keynote|a\s+présenté"
                r"|présentera|prendra\s+la\s+parole|a\s+pris\s+la\s+parole|présentation"
            ),
            "article": r"a\s+écrit|a\s+publié|tribune|publie\s+une?",
            "education": r"diplômée?|études|a\s+étudié|doctorat|thèse|ancienne?\s+élève|formée?\s+à",
            "milestone": r"a\s+fondé|a\s+cofondé|a\s+créé|fondée?\s+en|a\s+lancé|a\s+ouvert",
        },
        degree=(
            r"(?:(?P<degree>doctorat|master|licence|MBA|diplôme\s+d['’]ingénieur)|(?i:diplômée?|a\s+étudié))"
            r"(?:\s+en\s+(?P<field>[\w-]+(?:\s+[\w-]+){0,2}?))?"
            r"(?:[^.;]{0,30}?\b(?:de\s+l['’]|de\s+la|du|de|à\s+l['’]|à\s+la|à)\s*"
            r"(?P<school>(?:[ÉEeé]cole|[Uu]niversité|Institut|Sciences|HEC|ESSEC|INSA|Polytechnique|[A-Z])"
            r"[\w'’&.-]*(?:\s+(?:de\s+|d['’]|des\s+)?[A-ZÉ][\w'’&.-]*){0,5}))?"
        ),
        goal=(
            r"objectif|ambition|notre\s+mission|vise\s+à|visons|d['’]ici\s+(?:à\s+|fin\s+)?20\d\d"
            r"|ambitionne|souhaite\s+atteindre"
        ),
        news=(
            r"lève|a\s+levé|levée\s+de\s+fonds|annonce|lance|ouvre|acquiert|rachat|rachète|partenariat|inaugure"
            r"|s['’]associe|remporte|dépasse|franchit|recrute|étend"
        ),
        future=r"(?:va|vont|compte|comptons|prévoit|souhaite)\s+(?:\S+\s+){0,2}$",
        past=r"auparavant|précédemment|ancienne?|ex-|jusqu['’]en|était",
        pronoun=r"^(?:Elle|Il)\b|\b(?:sa|ses|son)\b",
        first_person=r"\b(?:[Jj]e|[Jj]['’]|[Mm]on|[Mm]a|[Mm]es|[Nn]ous|[Nn]otre|[Nn]os)\b",
        company_voice=r"(?:Nous|Notre|Nos|L['’]entreprise|La\s+société)\b",
        event_at=r"au|à\s+la|lors\s+d[ue]|lors\s+de\s+la",
        promoted=r"promue?s?",
    ),
    "nl": LanguageTable(
        not_title=r"werd|wordt|heeft|hebben|zijn|benoemd",
        title_start=r"het|een|en|van|bij",
        at=r"bij",
        of=r"van",
        being=r"(?:is|was|wordt)(?:\s+sinds\s+\S+)?(?:\s+(?:de|het))?",
        title_stop=r"bij|van|met|en|sinds|voor|in|op|die|dat|per|vanaf",
        roles=(
            rf"\b(?i:benoemd|aangesteld|gekozen|gepromoveerd)\s+(?:tot|als)\s+(?:de\s+)?(?:{_ADJ}\s+)?"
            r"(?P<title>[^,.;:()]{2,60}?){stop}(?:\s+(?:bij|van)\s+{org})?",
            rf"\b(?:treedt|trad)\s+(?:\S+\s+){{0,4}}?aan\s+als\s+(?:{_ADJ}\s+)?(?P<title>[^,.;:()]{{2,60}}?){{stop}}",
            r"\b(?:is|was|wordt)\s+(?:sinds\s+\S+\s+)?(?:de\s+)?(?P<title>[^,.;:()]{2,60}?)\s+(?:bij|van)\s+{org}",
        ),
        appoints=r"benoemt|benoemde|verwelkomt|stelt",
        appointed_as=r"(?:[^,.;:()]{0,30}?\s)?(?:tot|als)\s+(?:de\s+)?",
        kinds={
            "award": r"prijs|onderscheiden|onderscheiding|winnaar|winnares|wint|won|bekroond",
            "podcast": r"podcast|aflevering",
            "talk": r"lezing|spreker|spreekt|sprak|keynote|presentatie|presenteert|paneldiscussie|workshop",
            "article": r"schreef|publiceerde|column|opiniestuk",
            "education": r"studeerde|afgestudeerd|promoveerde|opleiding|master|bachelor|diploma",
            "milestone": r"richtte\s+\S+\s+op|opgericht|oprichting|lanceerde|opende",
        },
        degree=(
            r"(?:(?P<degree>master|bachelor|doctoraat)\w*|studeerde|afgestudeerd)"
            r"(?:\s+(?:in\s+)?(?P<field>[\w-]+(?:\s+[\w-]+){0,2}?))?"
            r"(?:[^.;]{0,30}?\b(?:aan\s+de|aan\s+het|in|aan)\s+"
            r"(?P<school>[A-Z][\w'’&.-]*(?:\s+(?:van\s+)?[A-Z][\w'’&.-]*){0,5}))?"
        ),
        goal=r"doel\s+is|ons\s+doel|missie|ambitie|streven|tegen\s+20\d\d|in\s+20\d\d\s+willen",
        news=r"lanceert|opent|neemt\s+\S+\s+over|overname|haalt\s+\S+\s+op|investering|partnerschap|groeit",
        future=r"(?:zal|zullen|gaat|gaan|wil|willen)\s+(?:\S+\s+){0,2}$",
        past=r"eerder|voorheen|voormalig\w*|daarvoor|tot\s+20\d\d",
        pronoun=r"^(?:Zij|Hij|Ze)\b|\b(?:haar|zijn)\b",
        first_person=r"\b(?:[Ii]k|[Mm]ijn|[Ww]ij|[Oo]ns|[Oo]nze)\b",
        company_voice=r"(?:Wij|We|Ons|Onze|Het\s+bedrijf)\b",
        event_at=r"op|tijdens",
        promoted=r"bevorderd|gepromoveerd\s+tot",
    ),
    "es": LanguageTable(
        not_title=r"es|fue|era|ha|han|sido|nombrad[oa]",
        title_start=r"el|la|los|las|y|que|un|una|del",
        at=r"en",
        of=r"de|del",
        being=r"(?:es|era|fue)(?:\s+(?:la|el))?",
        title_stop=r"en|desde|con|y|para|que|tras|a\s+partir|(?:de|del)\s*(?=[A-ZÀ-Þ])",
        roles=(
            rf"\b(?i:nombrad[oa]s?|designad[oa]s?|elegid[oa]s?|promovid[oa]s?|ascendid[oa]s?)\s+(?:como\s+)?"
            rf"(?:(?:la|el)\s+)?(?:{_ADJ}\s+)?(?P<title>[^,.;:()]{{2,60}}?){{stop}}(?:\s+(?:de|del|en)\s+{{org}})?",
            r"\b(?:se\s+incorpora|se\s+incorporó|se\s+une|se\s+unió)\s+a\s+{org}\s+como\s+"
            r"(?P<title>[^,.;:()]{2,60}?){stop}",
            r"\b(?:asume|asumió)\s+(?:el\s+cargo\s+de|como)\s+(?P<title>[^,.;:()]{2,60}?){stop}",
        ),
        appoints=r"nombra|nombró|designa|designó|ficha|incorpora",
        appointed_as=r"(?:[^,.;:()]{0,30}?\s)?(?:como)\s+(?:(?:la|el)\s+)?(?:nuev[oa]\s+)?",
        kinds={
            "award": r"premio|premiad[oa]|galardón|galardonad[oa]|reconocimiento|ganó|gana",
            "podcast": r"podcast|episodio",
            "talk": r"ponencia|conferencia|ponente|charla|habló|hablará|intervino|mesa\s+redonda|keynote",
            "article": r"escribió|publicó|artículo|columna",
            "education": r"estudió|licenciad[oa]|graduad[oa]|doctorado|máster|titulad[oa]",
            "milestone": r"fundó|cofundó|fundad[oa]|lanzó|abrió|creó",
        },
        degree=(
            r"(?:(?P<degree>doctorado|máster|licenciatura|grado)|estudió|licenciad[oa]|graduad[oa])"
            r"(?:\s+en\s+(?P<field>[\w-]+(?:\s+[\w-]+){0,2}?))?"
            r"(?:[^.;]{0,30}?\b(?:en\s+la|por\s+la|en\s+el|en)\s+"
            r"(?P<school>[A-Z][\w'’&.-]*(?:\s+(?:de\s+|del\s+)?[A-Z][\w'’&.-]*){0,5}))?"
        ),
        goal=r"objetivo|meta\s+es|nuestra\s+misión|aspira|para\s+20\d\d|de\s+aquí\s+a\s+20\d\d",
        news=r"lanza|anuncia|adquiere|abre|ronda\s+de\s+financiación|alianza|inaugura|amplía|crece",
        future=r"(?:va\s+a|van\s+a|planea|quiere|prevé)\s+(?:\S+\s+){0,2}$",
        past=r"anteriormente|antes|ex-|antigu[oa]|hasta\s+20\d\d",
        pronoun=r"^(?:Ella|Él)\b|\b(?:su|sus)\b",
        first_person=r"\b(?:[Yy]o|[Mm]i|[Mm]is|[Nn]osotr[oa]s|[Nn]uestr[oa]s?)\b",
        company_voice=r"(?:Nosotros|Nuestr[oa]s?|La\s+empresa|La\s+compañía)\b",
        event_at=r"en\s+(?:el|la)|durante",
        promoted=r"ascendid[oa]s?|promocionad[oa]s?",
    ),
    "it": LanguageTable(
        not_title=r"è|era|sono|hanno|stat[oa]|nominat[oa]",
        title_start=r"il|lo|la|gli|le|e|che|un|una|di",
        at=r"presso|in",
        of=r"di|del|della|dello|dei",
        being=r"(?:è|era)(?:\s+(?:la|il|l['’]))?",
        title_stop=r"presso|in|con|e|per|che|dal|dalla|da|(?:di|del|della)\s*(?=[A-ZÀ-Þ])",
        roles=(
            rf"\b(?i:nominat[oa]|promoss[oa]|elett[oa]|designat[oa])\s+(?:come\s+|a\s+)?(?:(?:la|il|l['’])\s*)?"
            rf"(?:{_ADJ}\s+)?(?P<title>[^,.;:()]{{2,60}}?){{stop}}(?:\s+(?:di|del|della|presso)\s+{{org}})?",
            r"\b(?:entra|è\s+entrat[oa]|entrata|entrato)\s+in\s+{org}\s+come\s+(?P<title>[^,.;:()]{2,60}?){stop}",
            r"\bassume\s+il\s+ruolo\s+di\s+(?P<title>[^,.;:()]{2,60}?){stop}",
        ),
        appoints=r"nomina|ha\s+nominato|accoglie|promuove",
        appointed_as=r"(?:[^,.;:()]{0,30}?\s)?(?:come|a|alla\s+carica\s+di)\s+(?:nuov[oa]\s+)?",
        kinds={
            "award": r"premio|premiat[oa]|riconoscimento|vincitrice|vincitore|vince|ha\s+vinto",
            "podcast": r"podcast|puntata|episodio",
            "talk": (
                r"intervento|relatrice|relatore|conferenza|keynote|ha\s+parlato|interverrà|tavola\s+rotonda"
            ),
            "article": r"ha\s+scritto|ha\s+pubblicato|articolo",
            "education": r"laureat[oa]|laurea|ha\s+studiato|dottorato|master",
            "milestone": r"ha\s+fondato|fondat[oa]\s+nel|ha\s+lanciato|ha\s+aperto",
        },
        degree=(
            r"(?:(?P<degree>dottorato|master|laurea)|laureat[oa]|ha\s+studiato)"
            r"(?:\s+in\s+(?P<field>[\w-]+(?:\s+[\w-]+){0,2}?))?"
            r"(?:[^.;]{0,30}?\b(?:presso\s+l['’]|presso\s+il|presso\s+la|al|alla|all['’]|a)\s*"
            r"(?P<school>[A-Z][\w'’&.-]*(?:\s+(?:di\s+|del\s+)?[A-Z][\w'’&.-]*){0,5}))?"
        ),
        goal=r"obiettivo|missione|punta\s+a|entro\s+(?:il\s+)?20\d\d|ambizione",
        news=r"lancia|annuncia|acquisisce|apre|round|partnership|inaugura|cresce|amplia",
        future=r"(?:sarà|intende|punta\s+a|vuole|prevede\s+di)\s+(?:\S+\s+){0,2}$",
        past=r"in\s+precedenza|precedentemente|ex-|già|fino\s+al\s+20\d\d",
        pronoun=r"^(?:Lei|Lui)\b|\b(?:sua|suo|sue|suoi)\b",
        first_person=r"\b(?:[Ii]o|[Mm]io|[Mm]ia|[Nn]oi|[Nn]ostr[oaie])\b",
        company_voice=r"(?:Noi|Il\s+nostro|La\s+nostra|L['’]azienda)\b",
        event_at=r"al|alla|durante(?:\s+il)?",
        promoted=r"promoss[oa]",
    ),
}
