"""Packets that pair an occasion with a gift: what the email opens on, what it gives, and why that fits.

Each gift is matched by topic (stems, and the words of their own posts, talks and goals) to the fact it fits
best; the lead packet opens on their best occasion with the best-fitting gift, then one on their company's
goal or news (purely professional), one on their own work, and one personal where a shared interest is
safe. With no usable facts there is one packet: the gift alone, for a short gift-first note.
"""

from __future__ import annotations

from datetime import date

from server.models import (
    Dossier,
    Fact,
    Gift,
    Introduction,
    Occasion,
    Packet,
    PacketKind,
    Resource,
    SenderProfile,
)
from server.writing.fact_words import company_name, first_name, is_recent, possessive, title_of, usable_facts
from server.writing.occasions import WORK_DAYS, occasion_words
from server.writing.topics import Match, gift_match, shared_hobbies, stems

MAX_GIFT_PACKETS = 4  # the rest of the five is another kind of idea
SECOND_FIT = 0.6  # how well a second offer must fit (a shared word on a post or talk scores 1)
KIND_OF_GIFT: dict[str, PacketKind] = {
    "resource": "share_resource",
    "introduction": "introduce",
    "donation": "help",
    "time": "help",
}
_COMPANY_KINDS = ("goal", "funding", "opening", "launch", "news")


def gift_packets(
    dossier: Dossier,
    facts: list[Fact],
    occasions: list[Occasion],
    gifts: list[Gift],
    sender: SenderProfile | None,
    *,
    today: date,
) -> list[Packet]:
    """Up to four packets, best first, each an occasion (or none, on a thin web) with a gift that fits."""
    if not gifts:
        return []
    first = first_name(dossier.person.name)
    if not facts:
        gift = gifts[0]
        second = _second(gifts, gift)
        why = f"Little was found about {first}: a short note that leads with your gift."
        return [_packet(None, gift, second, [], f"Offer {gift.what}", why, sender)]
    recent = [f for f in facts if not f.date or is_recent(f, today, WORK_DAYS)]
    # Their name and their company's own name say nothing about a topic; the words that describe the company
    # do ("Fernhill Robotics" is about robots, "Elbwerk Energie" about energy).
    leave_out = [dossier.person.name, (company_name(dossier) or "").split(" ")[0]]
    by_id = {f.id: f for f in usable_facts(dossier)[0]}
    fits = {id(g): gift_match(g, recent, leave_out) for g in gifts}
    chosen: list[Packet] = []

    def add(occasion: Occasion | None, gift: Gift, personal: Fact | None = None) -> None:
        if any(p.occasion == occasion and p.gift == gift for p in chosen):
            return
        match = fits[id(gift)] or _near(gift, occasion, by_id, leave_out)
        chosen.append(_paired(occasion, gift, _second(gifts, gift, fits), match, first, sender, personal))

    # The best fit leads; between near fits, a resource or a donation (something in hand) before an
    # introduction, the lighter second offer.
    ranked = sorted(gifts, key=lambda g: -_score(fits[id(g)]) - (0.0 if g.kind == "introduction" else 0.5))
    lead = occasions[0] if occasions else None
    add(lead, ranked[0])
    # Then their company's goal (a purely professional idea), its other news and their own work, each with
    # the gift that fits it best: another than the lead's where one fits, so the ideas differ.
    others = [g for g in gifts if g is not ranked[0]]
    for kinds in (("goal",), _COMPANY_KINDS, ("work",)):
        for occasion in (o for o in occasions if o.kind in kinds and o != lead):
            gift = _best_for(occasion, others, by_id, leave_out) or _best_for(
                occasion, gifts, by_id, leave_out
            )
            add(occasion, gift or ranked[0])
    chosen = chosen[: MAX_GIFT_PACKETS - 1]
    shared = _shared_interest(facts, sender, gifts)
    if shared is not None:
        same = next((o for o in occasions if o.fact_id == shared.id), None)
        add(same, ranked[0], personal=shared)
    return chosen[:MAX_GIFT_PACKETS]


def _score(match: Match | None) -> float:
    return match.score if match else 0.0


def _paired(
    occasion: Occasion | None,
    gift: Gift,
    second: Gift | None,
    match: Match | None,
    first: str,
    sender: SenderProfile | None,
    personal: Fact | None,
) -> Packet:
    opening = f"Open on {occasion_words(occasion)}" if occasion else f"Write to {first}"
    if occasion is not None and occasion.kind in (
        "role",
        "award",
        "founding",
        "funding",
        "opening",
        "launch",
    ):
        opening = f"Congratulate {first} on {occasion_words(occasion)}"
    # No reason when nothing they do meets the gift: the email then offers it without claiming a fit.
    why = f"{_short(gift)} fits {_reference(match.fact, first)}" if match else ""
    if match and match.topics:
        why += f" ({', '.join(_spelled(match.topics, gift))})"
    ids = [
        i
        for i in dict.fromkeys([occasion.fact_id if occasion else None, match.fact.id if match else None])
        if i
    ]
    if personal is not None:
        hobby = ", ".join(shared_hobbies(sender, personal, [gift, *([second] if second else [])])[:2])
        # What the two share comes after the facts the gift rests on: the email's reason stays the gift's.
        ids.append(personal.id)
        if occasion is None:
            opening = f"Share your interest in {hobby} with {first}"
        why = "; ".join(s for s in (why, f"a shared interest: {hobby}") if s)
    packet = _packet(
        occasion, gift, second, list(dict.fromkeys(ids)), f"{opening}, and offer {gift.what}", why, sender
    )
    # Resting on their interests only (no occasion of their work, a gift that meets a hobby): personal.
    professional = personal is None and not (
        occasion is None and match is not None and match.fact.kind == "interest"
    )
    return packet.model_copy(update={"professional": professional})


def _packet(
    occasion: Occasion | None,
    gift: Gift,
    second: Gift | None,
    fact_ids: list[str],
    text: str,
    why: str,
    sender: SenderProfile | None,
) -> Packet:
    resource, introduction = _structured(gift, sender)
    return Packet(
        kind=KIND_OF_GIFT[gift.kind],
        text=text,
        fact_ids=fact_ids,
        occasion=occasion,
        gift=gift,
        second_gift=second,
        why=why,
        resource=resource,
        introduction=introduction,
    )


def _second(gifts: list[Gift], main: Gift, fits: dict[int, Match | None] | None = None) -> Gift | None:
    """A lighter second offer: an introduction beside a resource (or the reverse) that fits as well."""
    others = [
        g for g in gifts if g is not main and (g.kind == "introduction") != (main.kind == "introduction")
    ]
    if fits is not None:
        # Only one that fits on its own: a single word half met ("programme" of "repair programme") is not it.
        others = [g for g in others if (match := fits.get(id(g))) and match.score >= SECOND_FIT]
    return others[0] if others else None


def _near(
    gift: Gift, occasion: Occasion | None, by_id: dict[str, Fact], leave_out: list[str]
) -> Match | None:
    """A donation or their time helps whatever the company is building: it fits the occasion itself."""
    if occasion is None or occasion.fact_id not in by_id:
        return None
    fact = by_id[occasion.fact_id]
    # The occasion's page says more than its one sentence: the release around a headline, a post's result.
    page = gift_match(gift, [f for f in by_id.values() if f.source_url == fact.source_url], leave_out)
    found = Match(fact, page.topics, page.score) if page else None
    if found is None and gift.kind in ("donation", "time") and occasion.kind in _COMPANY_KINDS:
        return Match(fact, (), 0.1)
    return found


def _best_for(
    occasion: Occasion, gifts: list[Gift], by_id: dict[str, Fact], leave_out: list[str]
) -> Gift | None:
    """The gift that fits one occasion's fact best."""
    scored = [(m.score, -i, g) for i, g in enumerate(gifts) if (m := _near(g, occasion, by_id, leave_out))]
    return max(scored, key=lambda s: s[:2])[2] if scored else None


def _shared_interest(facts: list[Fact], sender: SenderProfile | None, gifts: list[Gift]) -> Fact | None:
    """A stated interest of theirs, else their own post, that meets a hobby of the sender's."""
    for kinds in (("interest",), ("article", "talk", "podcast")):
        for fact in (f for f in facts if f.kind in kinds):
            if shared_hobbies(sender, fact, gifts):
                return fact
    return None


def _structured(gift: Gift, sender: SenderProfile | None) -> tuple[Resource | None, Introduction | None]:
    """The profile's structured item a gift came from, for the panel and the writers that read it."""
    if sender is None:
        return None, None
    resource = next((r for r in sender.resources if gift.kind == "resource" and r.title == gift.what), None)
    introduction = next(
        (i for i in sender.introductions if gift.kind == "introduction" and gift.what.startswith(i.name)),
        None,
    )
    return resource, introduction


def _short(gift: Gift) -> str:
    words = gift.what.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def _reference(fact: Fact, first: str) -> str:
    title = title_of(fact)
    kind = {"article": "post", "talk": "talk", "podcast": "podcast episode", "company_goal": "goal"}.get(
        fact.kind
    )
    if title and kind:
        return f"{possessive(first)} {kind} “{title}”"
    text = fact.text.strip().rstrip(".")
    return f"“{' '.join(text.split()[:12])}{'…' if len(text.split()) > 12 else ''}”"


def _spelled(found: tuple[str, ...], gift: Gift) -> list[str]:
    """The gift's own words behind the matched stems ("hospitals" for "hospit")."""
    words = " ".join([*gift.topics, gift.what]).replace("-", " ").split()
    spelled = [next((w.strip("(),.'’").lower() for w in words if stems(w) & {s}), s) for s in found]
    return list(dict.fromkeys(spelled))
