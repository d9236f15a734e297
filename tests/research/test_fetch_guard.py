"""The guard under httpx: addresses checked before a socket opens; TLS verified for the URL's own name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from server.research.fetch import ConnectToResolver, SystemResolver
from server.research.fetch.addresses import Allowlist
from server.research.fetch.errors import AddressRefused, ResolveError
from server.research.fetch.guard import GuardedBackend, GuardedTransport


class TableResolver:
    """A Resolver answering from a table, counting lookups; no DNS involved."""

    def __init__(self, table: dict[str, list[str]]):
        self.table = table
        self.lookups = 0

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        self.lookups += 1
        return [(address, port) for address in self.table.get(host, [])]


@pytest.mark.parametrize(
    ("addresses", "refused"),
    [
        (["93.184.216.34"], None),
        (["93.184.216.34", "2606:2800:220:1::1"], None),
        (["93.184.216.34", "10.0.0.7"], "site.example resolves to 10.0.0.7, a private address"),
        (
            ["::ffff:169.254.169.254"],
            "site.example resolves to ::ffff:169.254.169.254, a cloud metadata address",
        ),
        (["fe80::1%eth0"], "site.example resolves to fe80::1%eth0, a link-local address"),
    ],
)
def test_every_resolved_address_is_checked(addresses: list[str], refused: str | None) -> None:
    backend = GuardedBackend(TableResolver({"site.example": addresses}), Allowlist())
    if refused is None:
        assert backend.checked_addresses("site.example", 443) == [(a, 443) for a in addresses]
    else:
        with pytest.raises(AddressRefused) as caught:
            backend.checked_addresses("site.example", 443)
        assert caught.value.reason == f"refused: {refused}"


@pytest.mark.parametrize("answer", [[], ["not-an-ip"]])
def test_a_resolver_without_a_usable_address_is_an_error(answer: list[str]) -> None:
    backend = GuardedBackend(TableResolver({"site.example": answer}), Allowlist())
    with pytest.raises(ResolveError, match="could not resolve site.example"):
        backend.checked_addresses("site.example", 80)


def test_a_refused_host_is_never_dialled() -> None:
    """connect_tcp raises before opening a socket: the resolver is asked once and nothing else happens."""
    resolver = TableResolver({"meta.example": ["169.254.169.254"]})
    backend = GuardedBackend(resolver, Allowlist())
    with pytest.raises(AddressRefused, match="cloud metadata"):
        backend.connect_tcp("meta.example", 80, timeout=0.01)
    assert resolver.lookups == 1


@pytest.mark.parametrize(
    ("entries", "address"),
    [
        (("::/0",), "64:ff9b::a9fe:a9fe"),
        (("64:ff9b::/96",), "64:ff9b::a9fe:a9fe"),
        (("2002::/16",), "2002:a9fe:a9fe::1"),
        (("::/0",), "::ffff:169.254.169.254"),
        (("::/0",), "::169.254.169.254"),
    ],
)
def test_a_name_resolving_to_metadata_in_ipv6_form_is_refused_under_a_broad_allowlist(
    entries: tuple[str, ...], address: str
) -> None:
    """A broad IPv6 allowlist let 169.254.169.254 through in its NAT64, 6to4 and mapped forms."""
    resolver = TableResolver({"meta.example": [address]})
    backend = GuardedBackend(resolver, Allowlist.parse(entries))
    with pytest.raises(AddressRefused, match="a cloud metadata address"):
        backend.connect_tcp("meta.example", 80, timeout=0.01)
    assert resolver.lookups == 1


def test_a_public_host_on_a_port_that_is_not_the_webs_is_refused_at_the_check() -> None:
    """Public addresses could be fetched on any port: site.example:8080 reached whatever ran there."""
    resolver = TableResolver({"site.example": ["93.184.216.34"]})
    backend = GuardedBackend(resolver, Allowlist())
    assert backend.checked_addresses("site.example", 443) == [("93.184.216.34", 443)]
    with pytest.raises(AddressRefused) as caught:
        backend.connect_tcp("site.example", 8080, timeout=0.01)
    assert caught.value.reason == (
        "refused: site.example:8080 is not on a web port (public hosts are read on 80, 443)"
    )
    opened = GuardedBackend(resolver, Allowlist(), ports=(80, 443, 8080))
    assert opened.checked_addresses("site.example", 8080) == [("93.184.216.34", 8080)]


def test_legacy_ip_spellings_are_checked_as_the_address_they_mean() -> None:
    backend = GuardedBackend(SystemResolver(), Allowlist())
    with pytest.raises(AddressRefused) as caught:
        backend.checked_addresses("0x7f.0.0.1", 80)
    assert caught.value.reason == "refused: 127.0.0.1 is a loopback address"


def test_transport_refuses_other_schemes_before_anything_else() -> None:
    resolver = TableResolver({})
    transport = GuardedTransport(GuardedBackend(resolver, Allowlist()), limits=httpx.Limits())
    with transport, pytest.raises(AddressRefused, match="only http and https"):
        transport.handle_request(httpx.Request("GET", "ftp://files.example/x"))
    assert resolver.lookups == 0


# --- TLS: the certificate is checked against the URL's host name, on a pool keyed by that name ----------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for secure.test (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=secure.test",
         "-addext", "subjectAltName=DNS:secure.test"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


class TLSServer:
    """An HTTPS server on 127.0.0.1 that echoes the Host header and records the TLS server names asked for."""

    def __init__(self, cert: Path, key: Path):
        self.server_names: list[str | None] = []
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)

        class Echo(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                body = f"host={self.headers.get('Host')}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[TLSServer]:
    server = TLSServer(*certificate)
    yield server
    server.stop()


def test_tls_verifies_the_url_host_name_not_the_address(
    certificate: tuple[Path, Path], tls_server: TLSServer
) -> None:
    """Regression: a pool keyed by IP would reuse secure.test's verified connection for other.test."""
    resolver = ConnectToResolver([f"*.test::127.0.0.1:{tls_server.port}"], SystemResolver())
    backend = GuardedBackend(resolver, Allowlist.parse(["127.0.0.1"]))
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    transport = GuardedTransport(backend, limits=httpx.Limits(max_connections=2), verify=trust)
    with httpx.Client(transport=transport, trust_env=False, timeout=5) as client:
        response = client.get("https://secure.test/")
        assert (response.status_code, response.text) == (200, "host=secure.test")
        assert tls_server.server_names == ["secure.test"]
        # Same address, same port, a connection to it already in the pool: still its own, verified, handshake.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            client.get("https://other.test/")
    assert tls_server.server_names == ["secure.test", "other.test"]
