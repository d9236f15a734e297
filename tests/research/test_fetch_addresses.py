"""The address policy and the resolvers' rules, as tables. No network: nothing here opens a socket."""

from __future__ import annotations

import ipaddress

import pytest

from server.research.fetch.addresses import (
    Allowlist,
    allowed,
    is_metadata,
    non_public_reason,
    parse_ip,
    refusal,
)
from server.research.fetch.errors import ResolveError
from server.research.fetch.resolve import ConnectToResolver, SystemResolver, parse_connect_to

ip = ipaddress.ip_address


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),  # mapped public IPv4 is judged as that IPv4
        ("2002:808:808::1", None),  # 6to4 around a public IPv4
        ("127.0.0.1", "a loopback address"),
        ("127.255.0.9", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.0.0.5", "a private address"),
        ("172.16.4.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd12:3456::1", "a unique local address"),
        ("fec0::1", "a site-local address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("100.127.255.254", "a carrier-grade NAT address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("192.0.2.10", "a private address"),  # documentation range
        ("169.254.169.254", "a cloud metadata address"),
        ("169.254.170.2", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.1.2.3", "a private address"),
        ("::ffff:169.254.169.254", "a cloud metadata address"),
        ("::127.0.0.1", "a loopback address in IPv6 form"),  # IPv4-compatible (deprecated) form
        ("2002:7f00:1::1", "a loopback address in IPv6 form"),  # 6to4 around 127.0.0.1
        ("2002:a00:5::1", "a private address in IPv6 form"),  # 6to4 around 10.0.0.5
        ("64:ff9b::a9fe:a9fe", "a cloud metadata address in IPv6 form"),  # NAT64 around 169.254.169.254
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "a private address in IPv6 form"),  # Teredo, client 10.0.0.1
    ],
)
def test_non_public_reason(address: str, reason: str | None) -> None:
    assert non_public_reason(ip(address)) == reason


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0x7f.0.0.1", "127.0.0.1"),  # hex
        ("0x7F000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),  # short form
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("10.0.0.5.", "10.0.0.5"),  # trailing dot
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.com", None),
        ("northwind.test", None),
        ("cafe.be", None),
        ("1.2.3.4.5", None),
        ("0x", None),
        ("", None),
    ],
)
def test_parse_ip_reads_literal_and_legacy_forms(host: str, expected: str | None) -> None:
    parsed = parse_ip(host)
    assert (str(parsed) if parsed is not None else None) == expected


@pytest.mark.parametrize(
    ("host", "address", "entries", "expected"),
    [
        ("example.com", "93.184.216.34", (), None),
        ("10.0.0.5", "10.0.0.5", (), "10.0.0.5 is a private address"),
        ("in.example", "10.1.2.3", (), "in.example resolves to 10.1.2.3, a private address"),
        ("IN.example.", "10.1.2.3", (), "in.example resolves to 10.1.2.3, a private address"),
        ("2130706433", "127.0.0.1", (), "127.0.0.1 is a loopback address"),
        # exemptions: an exact address, a CIDR, a host name, a "*." suffix
        ("127.0.0.1", "127.0.0.1", ("127.0.0.1",), None),
        ("site.test", "127.0.0.1", ("127.0.0.0/8",), None),
        ("site.test", "127.0.0.1", ("site.test",), None),
        ("Site.Test.", "127.0.0.1", ("site.test",), None),
        ("a.c.example", "10.9.9.9", ("*.c.example",), None),
        ("c.example", "10.9.9.9", ("*.c.example",), "c.example resolves to 10.9.9.9, a private address"),
        ("other.test", "127.0.0.1", ("site.test",), "other.test resolves to 127.0.0.1, a loopback address"),
        ("fd00::1", "fd00::1", ("[fd00::/8]",), None),
        # an allowlisted IPv4 does not exempt its IPv6-mapped spelling: the allowlist is read literally
        (
            "m.test",
            "::ffff:127.0.0.1",
            ("127.0.0.1",),
            "m.test resolves to ::ffff:127.0.0.1, a loopback address",
        ),
        # metadata: only the exact address opens it, never a broad network or an allowlisted name
        (
            "169.254.169.254",
            "169.254.169.254",
            ("169.254.0.0/16",),
            "169.254.169.254 is a cloud metadata address",
        ),
        (
            "m.test",
            "169.254.169.254",
            ("m.test",),
            "m.test resolves to 169.254.169.254, a cloud metadata address",
        ),
        ("169.254.169.254", "169.254.169.254", ("169.254.169.254",), None),
    ],
)
def test_refusal_and_allowlist(
    host: str, address: str, entries: tuple[str, ...], expected: str | None
) -> None:
    allowlist = Allowlist.parse(entries)
    assert refusal(host, ip(address), allowlist) == (f"refused: {expected}" if expected else None)
    assert allowed(host, ip(address), allowlist) is (expected is None)


# 169.254.169.254 and its neighbours as the kernel, a NAT64 gateway or a tunnel would carry them.
METADATA_SPELLINGS = [
    "169.254.169.254",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "::ffff:0:a9fe:a9fe",  # IPv4-translated (SIIT)
    "::169.254.169.254",  # IPv4-compatible
    "64:ff9b::a9fe:a9fe",  # NAT64, the well-known prefix
    "64:ff9b:1:a9fe:a9:fe00::",  # NAT64, a /48 of the local-use prefix (RFC 6052 layout, byte 8 left zero)
    "2001:db8:100:200:a9:fea9:fe00:0",  # NAT64 under an operator's own /64
    "2002:a9fe:a9fe::",  # 6to4
    "2002:a9fe:a9fe:1::1",
    "2001:0:4136:e378:8000:63bf:5601:5601",  # Teredo, client 169.254.169.254 (stored inverted)
    "fe80::a9fe:a9fe",  # OpenStack over IPv6
    "fd00:ec2::254",  # AWS over IPv6
    "fd20:ce::254",  # GCP over IPv6
    "100.100.100.200",  # Alibaba
    "64:ff9b::6464:64c8",  # Alibaba's through NAT64
    "168.63.129.16",  # Azure's WireServer: a public address
]
BROAD_ALLOWLISTS = [
    ("::/0",),
    ("64:ff9b::/96", "64:ff9b:1::/48"),
    ("2002::/16",),
    ("2001::/16", "2001:db8::/32"),
    ("0.0.0.0/0", "::/0"),
    ("169.254.0.0/16", "::ffff:0:0/96", "fe80::/10", "fc00::/7"),
    ("meta.test", "*.test"),
]


@pytest.mark.parametrize("entries", BROAD_ALLOWLISTS, ids=lambda entries: entries[0])
@pytest.mark.parametrize("address", METADATA_SPELLINGS)
def test_metadata_in_any_spelling_is_refused_whatever_a_broad_allowlist_says(
    address: str, entries: tuple[str, ...]
) -> None:
    """With ::/0, 64:ff9b::/96 or 2002::/16 allowed, 169.254.169.254 passed as 64:ff9b::a9fe:a9fe."""
    allowlist = Allowlist.parse(entries)
    assert is_metadata(ip(address))
    for host in (address, "meta.test"):
        reason = refusal(host, ip(address), allowlist)
        assert reason is not None and "a cloud metadata address" in reason


@pytest.mark.parametrize("address", METADATA_SPELLINGS)
def test_metadata_opens_only_when_named_exactly(address: str) -> None:
    """An operator who means a metadata service names its address; its other spellings stay refused."""
    assert refusal("meta.test", ip(address), Allowlist.parse([address])) is None
    other = "2002:a9fe:a9fe:ffff::" if address != "2002:a9fe:a9fe:ffff::" else "169.254.169.254"
    assert refusal("meta.test", ip(other), Allowlist.parse([address])) is not None


@pytest.mark.parametrize(
    "address", ["2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "2002:808:808::1", "::ffff:8.8.8.8"]
)
def test_public_ipv6_addresses_are_not_taken_for_metadata(address: str) -> None:
    assert not is_metadata(ip(address))
    assert refusal("site.example", ip(address), Allowlist()) is None


# --- ports: public hosts on the web's ports; what the allowlist exempts on any --------------------------


@pytest.mark.parametrize(
    ("host", "address", "port", "entries", "ports", "expected"),
    [
        ("site.example", "93.184.216.34", 80, (), (80, 443), None),
        ("site.example", "93.184.216.34", 443, (), (80, 443), None),
        (
            "site.example",
            "93.184.216.34",
            8080,
            (),
            (80, 443),
            "site.example:8080 is not on a web port (public hosts are read on 80, 443)",
        ),
        (
            "93.184.216.34",
            "93.184.216.34",
            22,
            (),
            (80, 443),
            "93.184.216.34:22 is not on a web port (public hosts are read on 80, 443)",
        ),
        ("site.example", "93.184.216.34", 8443, (), (80, 443, 8443), None),  # RAPPORT_FETCH_PORTS
        (
            "site.example",
            "93.184.216.34",
            443,
            (),
            (80,),
            "site.example:443 is not on a web port (public hosts are read on 80)",
        ),
        # the allowlist's hosts on any port: the fixture web's loopback server on a random one
        ("127.0.0.1", "127.0.0.1", 54321, ("127.0.0.1",), (80, 443), None),
        ("site.test", "127.0.0.1", 54321, ("127.0.0.0/8",), (80, 443), None),
        ("intranet.example", "10.0.0.5", 8080, ("intranet.example",), (80, 443), None),
        ("wiki.example", "93.184.216.34", 8080, ("wiki.example",), (80, 443), None),
        # a private address is refused for being private, whatever its port
        ("10.0.0.5", "10.0.0.5", 8080, (), (80, 443), "10.0.0.5 is a private address"),
    ],
)
def test_public_hosts_are_read_on_web_ports_only(
    host: str, address: str, port: int, entries: tuple[str, ...], ports: tuple[int, ...], expected: str | None
) -> None:
    """Public addresses could be fetched on any port (an admin console on :8080, a database on :5432)."""
    reason = refusal(host, ip(address), Allowlist.parse(entries), port, ports)
    assert reason == (f"refused: {expected}" if expected else None)


@pytest.mark.parametrize("entry", ["http://example.com", "10.0.0.0/33", "exa mple.com", ".example.com", "a/"])
def test_allowlist_rejects_entries_it_cannot_read(entry: str) -> None:
    with pytest.raises(ValueError, match="allowlist entry"):
        Allowlist.parse([entry])


class RecordingResolver:
    """A Resolver that answers from a table and remembers what it was asked."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.asked: list[tuple[str, int]] = []

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        self.asked.append((host, port))
        if host not in self.table:
            raise ResolveError(host, "not in the table")
        return [(self.table[host], port)]


@pytest.mark.parametrize(
    ("rules", "host", "port", "expected", "asked"),
    [
        (["*.test::127.0.0.1:8001"], "northwind.test", 80, [("127.0.0.1", 8001)], []),
        (["*.test::127.0.0.1:8001"], "a.b.test", 443, [("127.0.0.1", 8001)], []),
        (["*.test::127.0.0.1:8001"], "NorthWind.Test.", 80, [("127.0.0.1", 8001)], []),
        (["*.test::127.0.0.1:8001"], "test.example", 80, [("93.184.216.34", 80)], [("test.example", 80)]),
        (["site.test:80:127.0.0.1:9"], "site.test", 80, [("127.0.0.1", 9)], []),
        (["site.test:80:127.0.0.1:9"], "site.test", 8080, [("127.0.0.1", 8080)], [("site.test", 8080)]),
        (["site.test::127.0.0.1:"], "site.test", 8080, [("127.0.0.1", 8080)], []),  # empty PORT2: same port
        (["evil.test::[fd00::1]:80"], "evil.test", 80, [("fd00::1", 80)], []),
        (["evil.test::[::ffff:127.0.0.1]:80"], "evil.test", 80, [("::ffff:7f00:1", 80)], []),
        (["::127.0.0.1:7"], "anything.example", 80, [("127.0.0.1", 7)], []),  # empty HOST matches any host
        (["alias.test::site.test:81"], "alias.test", 80, [("127.0.0.1", 81)], [("site.test", 81)]),
        (["a.test::10.0.0.1:1", "*.test::10.0.0.2:2"], "b.test", 80, [("10.0.0.2", 2)], []),  # first match
    ],
)
def test_connect_to_rules(
    rules: list[str], host: str, port: int, expected: list[tuple[str, int]], asked: list[tuple[str, int]]
) -> None:
    fallback = RecordingResolver({"test.example": "93.184.216.34", "site.test": "127.0.0.1"})
    assert ConnectToResolver(rules, fallback).resolve(host, port) == expected
    assert fallback.asked == asked


@pytest.mark.parametrize("rule", ["site.test:127.0.0.1:80", "site.test:x:127.0.0.1:80", "a:1:fd00::1:80", ""])
def test_connect_to_rejects_malformed_rules(rule: str) -> None:
    with pytest.raises(ValueError, match="connect-to rule"):
        parse_connect_to(rule)


@pytest.mark.parametrize(
    ("host", "expected"),
    [("2130706433", "127.0.0.1"), ("0x7f.0.0.1", "127.0.0.1"), ("::1", "::1"), ("10.0.0.5", "10.0.0.5")],
)
def test_system_resolver_answers_ip_literals_itself(host: str, expected: str) -> None:
    assert SystemResolver().resolve(host, 80) == [(expected, 80)]
