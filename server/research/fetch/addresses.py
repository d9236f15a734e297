"""Which addresses the fetcher may connect to: public ones, and what the allowlist exempts. No network."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection, Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance metadata and credential services: credentials live behind these. AWS, GCP, Azure, Oracle,
# DigitalOcean, Hetzner and OpenStack answer on 169.254.169.254; AWS ECS task credentials on 169.254.170.2,
# the EKS Pod Identity agent on 169.254.170.23 (fd00:ec2::23), AWS IMDS over IPv6 on fd00:ec2::254, GCP's
# over IPv6 on fd20:ce::254, OpenStack's on fe80::a9fe:a9fe; Alibaba on 100.100.100.200, Tencent on
# 169.254.0.23, Scaleway on 169.254.42.42 (fd00:42::42), Oracle Classic on 192.0.0.192, and Azure's
# WireServer on 168.63.129.16 (a public address, reachable only from inside Azure).
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "169.254.170.23",
        "100.100.100.200",
        "169.254.0.23",
        "169.254.42.42",
        "192.0.0.192",
        "168.63.129.16",
        "fd00:ec2::254",
        "fd00:ec2::23",
        "fd20:ce::254",
        "fd00:42::42",
        "fe80::a9fe:a9fe",
    )
)
# Where an IPv6 address can carry an IPv4 one, as byte offsets: RFC 6052's NAT64 layouts for a /96 (also the
# IPv4-mapped, IPv4-compatible and ISATAP forms), /64, /56, /48, /40 and /32 prefix (byte 8 is left zero),
# and 6to4's (2002:AABB:CCDD::). A NAT64 gateway may use any prefix of its operator's, so every layout counts.
_CARRIED_IPV4 = (
    (12, 13, 14, 15), (9, 10, 11, 12), (7, 9, 10, 11), (6, 7, 9, 10), (5, 6, 7, 9), (4, 5, 6, 7), (2, 3, 4, 5)
)  # fmt: skip
# The ports web pages are served on; other ports of public hosts are other services (settings.fetch_ports).
WEB_PORTS = (80, 443)

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


def is_metadata(ip: IPAddress) -> bool:
    """Whether an address is a cloud metadata service's, in any spelling: itself, or an IPv6 address carrying
    one of the IPv4 ones wherever a transition mechanism (NAT64, 6to4, Teredo, mapped) would put it."""
    if ip in METADATA:
        return True
    if isinstance(ip, ipaddress.IPv4Address):
        return False
    packed = ip.packed
    carried = {ipaddress.IPv4Address(bytes(packed[i] for i in offsets)) for offsets in _CARRIED_IPV4}
    if ip.teredo is not None:
        carried.add(ip.teredo[1])  # the client address, stored inverted
    return not carried.isdisjoint(METADATA)


def non_public_reason(ip: IPAddress) -> str | None:
    """Why an address is not public, as a phrase ("a loopback address"), or None when it is public."""
    if ip in METADATA:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # The kernel sends ::ffff:a.b.c.d to a.b.c.d: judge it as that address.
            return non_public_reason(ip.ipv4_mapped)
        if is_metadata(ip):
            return "a cloud metadata address in IPv6 form"
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


def refusal(
    host: str,
    ip: IPAddress,
    allowlist: Allowlist,
    port: int | None = None,
    ports: Collection[int] = WEB_PORTS,
) -> str | None:
    """Why connecting to `ip` (on `port`, when given) on behalf of `host` is refused (a short sentence), or
    None when allowed. What the allowlist exempts may be reached on any port; public hosts on `ports` only."""
    if is_metadata(ip):
        # A broad entry (a name, 169.254.0.0/16, ::/0, 64:ff9b::/96) must not open the metadata service by
        # accident, in any spelling of its address.
        exempt = allowlist.names_exactly(ip)
    else:
        exempt = allowlist.covers_host(host) or allowlist.covers_address(ip)
    if exempt:
        return None
    reason = non_public_reason(ip)
    if reason is not None:
        if parse_ip(host) == ip:
            return f"refused: {show(ip)} is {reason}"
        return f"refused: {_host_key(host)} resolves to {show(ip)}, {reason}"
    if port is not None and port not in ports:
        web = ", ".join(str(p) for p in sorted(ports)) or "none"
        return f"refused: {_host_key(host)}:{port} is not on a web port (public hosts are read on {web})"
    return None


def allowed(host: str, ip: IPAddress, allowlist: Allowlist) -> bool:
    """Whether the fetcher may connect to `ip` on behalf of `host`."""
    return refusal(host, ip, allowlist) is None
