"""Which addresses the fetcher may connect to: public ones, and what the allowlist exempts. No network."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance metadata services (AWS, AWS ECS, AWS over IPv6, Alibaba): credentials live behind these.
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)

# Ranges Python's flags do not name, or name too broadly, given their own reason.
_NAMED: tuple[tuple[IPNetwork, str], ...] = (
    (ipaddress.IPv4Network("100.64.0.0/10"), "a carrier-grade NAT address"),
    (ipaddress.IPv6Network("fc00::/7"), "a unique local address"),
    (ipaddress.IPv6Network("fec0::/10"), "a site-local address"),
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")

# inet_aton's alphabet: decimal, octal (0177) and hex (0x7f) parts, one to four of them.
_LEGACY_IPV4 = re.compile(r"[0-9][0-9a-fx.]*", re.IGNORECASE)


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL host spells literally, legacy IPv4 forms included (2130706433, 0x7f.1), else None."""
    text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # Browsers and the C resolver read these as IPv4 (WHATWG URL "ends in a number"), so must we.
    text = text.removesuffix(".")
    if _LEGACY_IPV4.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form carries (6to4, Teredo, NAT64, IPv4-compatible)."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def non_public_reason(ip: IPAddress) -> str | None:
    """Why an address is not public, as a phrase ("a loopback address"), or None when it is public."""
    if ip in METADATA:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # The kernel sends ::ffff:a.b.c.d to a.b.c.d: judge it as that address.
            return non_public_reason(ip.ipv4_mapped)
        embedded = _embedded_ipv4(ip)
        if embedded is not None and (reason := non_public_reason(embedded)):
            return f"{reason} in IPv6 form"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    for network, reason in _NAMED:
        if ip in network:
            return reason
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def _host_key(host: str) -> str:
    return host.strip().lower().removesuffix(".")


@dataclass(frozen=True)
class Allowlist:
    """Hosts and networks exempt from the public-address rule (settings.fetch_allowlist, parsed)."""

    names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()  # ".corp.example" from "*.corp.example"
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowlist:
        """Read entries that are host names ("*.suffix" too), IP addresses or CIDR networks."""
        names: set[str] = set()
        suffixes: list[str] = []
        networks: list[IPNetwork] = []
        for entry in entries:
            text = entry.strip()
            if not text:
                continue
            bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
            try:
                networks.append(ipaddress.ip_network(bare, strict=False))
                continue
            except ValueError:
                pass
            if text.startswith("*."):
                suffixes.append(_host_key(text[1:]))
            elif re.fullmatch(r"[A-Za-z0-9_.-]+", text) and not text.startswith("."):
                names.add(_host_key(text))
            else:
                raise ValueError(
                    f"fetch allowlist entry {entry!r} is not a host name, an IP address or a CIDR"
                )
        return cls(frozenset(names), tuple(suffixes), tuple(networks))

    def covers_host(self, host: str) -> bool:
        key = _host_key(host)
        return key in self.names or any(key.endswith(suffix) for suffix in self.suffixes)

    def covers_address(self, ip: IPAddress) -> bool:
        return any(ip in network for network in self.networks)

    def names_exactly(self, ip: IPAddress) -> bool:
        return any(network.num_addresses == 1 and ip in network for network in self.networks)


def show(ip: IPAddress) -> str:
    """An address as people write it (::ffff:127.0.0.1, where Python 3.11 prints ::ffff:7f00:1)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def refusal(host: str, ip: IPAddress, allowlist: Allowlist) -> str | None:
    """Why connecting to `ip` on behalf of `host` is refused (a short sentence), or None when allowed."""
    reason = non_public_reason(ip)
    if reason is None:
        return None
    if ip in METADATA:
        # A broad entry (a name, 169.254.0.0/16) must not open the metadata service by accident.
        exempt = allowlist.names_exactly(ip)
    else:
        exempt = allowlist.covers_host(host) or allowlist.covers_address(ip)
    if exempt:
        return None
    if parse_ip(host) == ip:
        return f"refused: {show(ip)} is {reason}"
    return f"refused: {_host_key(host)} resolves to {show(ip)}, {reason}"


def allowed(host: str, ip: IPAddress, allowlist: Allowlist) -> bool:
    """Whether the fetcher may connect to `ip` on behalf of `host`."""
    return refusal(host, ip, allowlist) is None
