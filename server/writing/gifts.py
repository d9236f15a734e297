"""Gifts: what the sender can give, from the gifts they reviewed or else their offer and structured lists."""

from __future__ import annotations

import re

from server.models import Gift, Introduction, Resource, SenderProfile
from server.writing.offer import read_offer


def gifts_of(sender: SenderProfile | None) -> list[Gift]:
    """The sender's gifts: the list they reviewed when there is one, else read from the profile."""
    if sender is None:
        return []
    if sender.gifts is not None:
        return list(sender.gifts)
    return gifts_read(sender.offer, sender.resources, sender.introductions, company=sender.company)


def gifts_read(
    offer: str | None,
    resources: list[Resource] | None = None,
    introductions: list[Introduction] | None = None,
    *,
    company: str | None = None,
) -> list[Gift]:
    """The structured resources and introductions, then what the offer names that they do not already."""
    listed = [Gift(kind="resource", what=r.title, topics=r.topics, url=r.url) for r in resources or []]
    listed += [
        Gift(kind="introduction", what=f"{i.name}, {i.role}" if i.role else i.name, topics=i.topics)
        for i in introductions or []
    ]
    seen = {_key(gift.what) for gift in listed}
    return listed + [
        gift for gift in read_offer(offer, company=company) if not _said_in(_key(gift.what), seen)
    ]


def _key(what: str) -> str:
    return " ".join(re.findall(r"\w+", what.lower()))


def _said_in(key: str, seen: set[str]) -> bool:
    """The offer names a listed gift when one's words hold the other's ("our streaming cost benchmark")."""
    return any(key in other or other in key for other in seen if other)
