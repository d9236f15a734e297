"""Generosity: 3-5 concrete ways to be useful to this person, each resting on facts from the dossier.

A packet is an act (share a resource, congratulate, introduce, offer an insight, invite, help) worded as one
sentence for the side panel. Packets are never generic: with thin evidence there are fewer of them and a
warning says why. The same inputs always give the same packets, best first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from server.models import Dossier, Fact, Occasion, Packet, PacketKind, SenderProfile
from server.writing.fact_words import (
    WORK_KINDS,
    company_name,
    first_name,
    goal_clause,
    goal_phrase,
    interest_of,
    is_recent,
    month_year,
    occasion_of,
    possessive,
    role_title,
    strip_date,
    title_of,
    usable_facts,
    work_about,
    work_noun,
)
from server.writing.gift_packets import gift_packets
from server.writing.gifts import gifts_of
from server.writing.occasions import NEWS_KINDS, occasion_words, rank_occasions
from server.writing.thread import read_thread
from server.writing.topics import (
    RESOURCE_WEIGHTS,
    best_match,
    fact_words,
    introduction_match,
    invitation,
    resource_match,
    shared_interests,
    topic_words,
)

MIN_PACKETS, MAX_PACKETS = 3, 5
MAX_PER_KIND = 2
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
    context = context or (sender.relationship_note if sender else None)
    thread = read_thread(context, dossier.person.name, today=today)
    gifts = gifts_of(sender)
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
        if gifts:
            warnings.append(
                f"Little was found about {first}, so the draft is a short note that leads with your gift "
                "and makes no personal claims."
            )
        return gift_packets(dossier, [], [], gifts, sender, today=today), warnings
    # A goal we cannot name in a sentence of our own is no basis for an idea.
    facts = [f for f in facts if f.kind != "company_goal" or goal_usable(f)]
    company = company_name(dossier)
    occasions = rank_occasions(dossier, thread, today=today)
    given = gift_packets(dossier, facts, occasions, gifts, sender, today=today)
    candidates = [
        # With gift packets, their occasions are the congratulations.
        *([] if given else _congratulations(occasions, first)),
        # The gift packets hand on the structured resources and introductions when there are any.
        *([] if given else _resources(facts, first, company, sender, today)),
        *([] if given else _introductions(facts, first, company, sender)),
        *_insights(facts, first, company, sender, today),
        *_invitations(facts, first, company, sender, context),
        *_helps(facts, company, sender),
    ]
    packets = given + _choose([c for c in candidates if _adds(c.packet, given)], MAX_PACKETS - len(given))
    warnings += _warnings(facts, packets, first, sender, today)
    return packets, warnings


# --- Reading facts for ideas (the rest is in fact_words.py) ---------------------------------------------


def goal_usable(fact: Fact) -> bool:
    """Whether a goal can be named in a sentence of ours (a stray sentence from a page cannot)."""
    return goal_clause(fact)[1] != "quote"


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


def _congratulations(occasions: list[Occasion], first: str) -> list[_Candidate]:
    """Congratulations on each timely piece of news (their role, award or founding; the company's round,
    opening or launch), in the ranking's order: their own step before their company's news."""
    found: list[_Candidate] = []
    for rank, occasion in enumerate(o for o in occasions if o.kind in NEWS_KINDS):
        text = f"Congratulate {first} on {occasion_words(occasion)}"
        packet = Packet(kind="congratulate", text=text, fact_ids=[occasion.fact_id], occasion=occasion)
        found.append(_Candidate((3.8 if occasion.own else 3.0) - 0.1 * rank, packet))
    return found


def _adds(packet: Packet, given: list[Packet]) -> bool:
    """Whether a packet says something the gift packets do not (not the same congratulations again)."""
    if packet.kind == "congratulate" and packet.occasion is not None:
        return all(g.occasion != packet.occasion for g in given)
    return True


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


def _choose(candidates: list[_Candidate], room: int = MAX_PACKETS) -> list[Packet]:
    """The best of each kind first (variety), then seconds; at most `room`; one professional at least."""
    ranked = sorted(candidates, key=lambda c: c.sort_key)
    chosen: list[_Candidate] = []
    kinds: set[str] = set()
    for candidate in ranked:
        if candidate.packet.kind not in kinds and len(chosen) < room:
            chosen.append(candidate)
            kinds.add(candidate.packet.kind)
    for candidate in ranked:
        same_kind = sum(c.packet.kind == candidate.packet.kind for c in chosen)
        if candidate not in chosen and same_kind < MAX_PER_KIND and len(chosen) < room:
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
