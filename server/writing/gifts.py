"""Gifts: what the sender can give, from the gifts they reviewed or else their offer and structured lists."""

from __future__ import annotations

from server.models import Gift, SenderProfile


def gifts_of(sender: SenderProfile | None) -> list[Gift]:
    """The sender's gifts: the list they reviewed when there is one, else read from the profile."""
    if sender is None:
        return []
    if sender.gifts is not None:
        return list(sender.gifts)
    resources = [Gift(kind="resource", what=r.title, topics=r.topics, url=r.url) for r in sender.resources]
    introductions = [
        Gift(kind="introduction", what=f"{i.name}, {i.role}" if i.role else i.name, topics=i.topics)
        for i in sender.introductions
    ]
    return resources + introductions
