"""The SSRF guard: every connection resolves its host once, checks each address, and dials a checked one.

The check sits in httpcore's network backend rather than in a URL-rewriting transport: the connection pool
then stays keyed by host name, so a TLS connection verified for one name is never reused for another name
that happens to share its address (CDNs answer that with 421 or the wrong site), and the Host header and TLS
server name are the URL's own without any rewriting. Every redirect hop opens or reuses a connection to its
own host, so each hop is checked. The same backend holds every wait on a connection to the deadline of the
fetch using it (deadline.py).
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Collection, Iterable
from functools import cache

import httpcore
import httpx

from server.research.fetch.addresses import WEB_PORTS, Allowlist, parse_ip, refusal
from server.research.fetch.deadline import DeadlineStream, within_deadline
from server.research.fetch.errors import AddressRefused, ResolveError
from server.research.fetch.resolve import Resolver

SCHEMES = ("http", "https")


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, refusing to dial any address that is not public or allowlisted, or a public
    one on a port that serves no web pages (`ports`)."""

    def __init__(self, resolver: Resolver, allowlist: Allowlist, ports: Collection[int] = WEB_PORTS):
        self._resolver = resolver
        self._allowlist = allowlist
        self._ports = frozenset(ports)

    def checked_addresses(self, host: str, port: int) -> list[tuple[str, int]]:
        """Resolve once; AddressRefused if ANY address is refused (a name may not mix in a private one).
        `port` is the URL's: a connect-to rule may send it elsewhere, but the page asked for this one."""
        literal = parse_ip(host)
        addresses = self._resolver.resolve(str(literal) if literal is not None else host, port)
        if not addresses:
            raise ResolveError(host, "no addresses")
        for address, _ in addresses:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError as exc:
                raise ResolveError(host, f"resolver gave {address!r}, not an IP address") from exc
            reason = refusal(host, ip, self._allowlist, port, self._ports)
            if reason is not None:
                raise AddressRefused(reason)
        return addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: httpcore.ConnectError | None = None
        for address, address_port in self.checked_addresses(host, port):
            try:
                return self._dial(address, address_port, timeout, local_address, socket_options)
            # Refused or unreachable: the next checked address may answer.
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def _dial(
        self,
        address: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None,
    ) -> httpcore.NetworkStream:
        """One checked address, connected by the deadline in force, as a stream that keeps to it."""
        connect = super().connect_tcp
        return DeadlineStream(
            within_deadline(lambda left: connect(address, port, left, local_address, socket_options), timeout)
        )


@cache
def _system_trust() -> ssl.SSLContext:
    """The default TLS context, built once a process: loading the CA bundle costs 20 ms, as much as a DNS
    lookup, and every CLI command and research run opens a fetcher. A client context is safe to share."""
    return httpx.create_ssl_context(verify=True)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool dialling through a GuardedBackend."""

    def __init__(
        self, backend: GuardedBackend, *, limits: httpx.Limits, verify: ssl.SSLContext | bool = True
    ):
        ssl_context = _system_trust() if verify is True else httpx.create_ssl_context(verify=verify)
        super().__init__(verify=ssl_context, limits=limits)
        # httpx 0.28 has no public way to give its transport a network backend (encode/httpx#3749 proposes
        # one), so the pool it built is swapped for an identical one that connects through the guard. Fail
        # loudly, never silently unguarded, if a new httpx moves the pool.
        unguarded = getattr(self, "_pool", None)
        if not isinstance(unguarded, httpcore.ConnectionPool):
            raise RuntimeError(
                "httpx.HTTPTransport no longer keeps its pool in _pool: the SSRF guard needs updating"
            )
        unguarded.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in SCHEMES:
            raise AddressRefused(f"refused: only http and https URLs are fetched, not {request.url.scheme}")
        return super().handle_request(request)
