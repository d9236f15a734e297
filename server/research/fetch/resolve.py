"""Turning host names into addresses: the system resolver, and curl-style connect-to rules in front of it."""

from __future__ import annotations

import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from server.research.fetch.addresses import parse_ip
from server.research.fetch.errors import ResolveError


class Resolver(Protocol):
    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        """The (ip, port) pairs to connect to for host:port; raises ResolveError when there are none."""
        ...


class SystemResolver:
    """The operating system's resolver (getaddrinfo); IP literals are answered without asking it."""

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        literal = parse_ip(host)
        if literal is not None:
            return [(str(literal), port)]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise ResolveError(host, str(exc)) from exc
        pairs: list[tuple[str, int]] = []
        for *_, sockaddr in infos:
            pair = (str(sockaddr[0]), int(sockaddr[1]))
            if pair not in pairs:
                pairs.append(pair)
        if not pairs:
            raise ResolveError(host, "no addresses")
        return pairs


_RULE = re.compile(r"(\[[^\]]*\]|[^:\[\]]*):(\d*):(\[[^\]]*\]|[^:\[\]]*):(\d*)")


@dataclass(frozen=True)
class _Rule:
    host: str  # "" for any host; ".suffix" for "*.suffix"
    port: int | None
    address: str  # "" keeps the host
    to_port: int | None

    def matches(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if not self.host:
            return True
        if self.host.startswith("."):
            return host.endswith(self.host)
        return host == self.host


def _unbracket(text: str) -> str:
    return text[1:-1] if text.startswith("[") else text


def parse_connect_to(rule: str) -> _Rule:
    """Read one "HOST:PORT:ADDR:PORT2" rule (curl's --connect-to); IPv6 addresses go in brackets."""
    match = _RULE.fullmatch(rule.strip())
    if match is None:
        raise ValueError(f"connect-to rule {rule!r} is not HOST:PORT:ADDR:PORT2")
    host, port, address, to_port = match.groups()
    host = _unbracket(host).lower().removesuffix(".")
    if host.startswith("*."):
        host = host[1:]
    return _Rule(host, int(port) if port else None, _unbracket(address), int(to_port) if to_port else None)


class ConnectToResolver:
    """Sends hosts named by connect-to rules to the given address and port; asks `fallback` for the rest."""

    def __init__(self, rules: Sequence[str], fallback: Resolver):
        self._rules = [parse_connect_to(rule) for rule in rules]
        self._fallback = fallback

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        key = host.lower().removesuffix(".")
        for rule in self._rules:
            if rule.matches(key, port):
                target_port = rule.to_port if rule.to_port is not None else port
                literal = parse_ip(rule.address) if rule.address else None
                if literal is not None:
                    return [(str(literal), target_port)]
                return self._fallback.resolve(rule.address or host, target_port)
        return self._fallback.resolve(host, port)
