"""Decoding fetched bytes: the header, the page's own <meta>, a guess; never an exception."""

from __future__ import annotations

import codecs

import pytest

from server.research.fetch.decode import decode_text, media_type

CAFE_HTML = "<html><head><title>Café</title></head><body>Crème brûlée, naïve “quotes”</body></html>"


@pytest.mark.parametrize(
    ("body", "declared", "html", "expected"),
    [
        (CAFE_HTML.encode("utf-8"), "utf-8", True, CAFE_HTML),
        (CAFE_HTML.encode("utf-8"), None, True, CAFE_HTML),
        (CAFE_HTML.encode("cp1252"), "windows-1252", True, CAFE_HTML),
        # ISO-8859-1 is read as windows-1252, as browsers do: the curly quotes survive
        (CAFE_HTML.encode("cp1252"), "ISO-8859-1", True, CAFE_HTML),
        (CAFE_HTML.encode("cp1252"), '"latin1"', True, CAFE_HTML),
        # no header: the page's <meta> says
        (b'<meta charset="windows-1252">' + CAFE_HTML.encode("cp1252"), None, True, None),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">'
            + "<p>日本語のページ</p>".encode("shift_jis"),
            None,
            True,
            None,
        ),
        # an unknown or non-text "charset" is ignored rather than crashing
        (CAFE_HTML.encode("utf-8"), "no-such-charset", True, CAFE_HTML),
        (CAFE_HTML.encode("utf-8"), "base64", True, CAFE_HTML),
        (codecs.BOM_UTF8 + CAFE_HTML.encode("utf-8"), "iso-8859-1", True, CAFE_HTML),  # the BOM wins
        (codecs.BOM_UTF16_LE + CAFE_HTML.encode("utf-16-le"), None, True, CAFE_HTML),
        (b"plain text", None, False, "plain text"),
        (b"", None, True, ""),
    ],
)
def test_decode_text(body: bytes, declared: str | None, html: bool, expected: str | None) -> None:
    text = decode_text(body, declared, html=html)
    if expected is not None:
        assert text == expected
    else:
        assert "\ufffd" not in text
        assert "Café" in text or "日本語" in text


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\xfd broken \x80\x81 bytes \xc3",
        bytes(range(256)) * 4,
        b"<meta charset='utf-8'>\xc3\x28 invalid utf-8",
        b"<meta charset=utf-16>ascii page",
    ],
)
def test_decode_text_never_fails_on_bad_bytes(body: bytes) -> None:
    assert isinstance(decode_text(body, None, html=True), str)
    assert isinstance(decode_text(body, "utf-8", html=True), str)


def test_meta_claiming_utf16_is_read_as_utf8() -> None:
    assert decode_text(b"<meta charset=utf-16><p>caf\xc3\xa9</p>", None, html=True).endswith("café</p>")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", "text/html"),
        ("Application/XHTML+XML", "application/xhtml+xml"),
        (" text/plain ", "text/plain"),
        ("application/pdf", "application/pdf"),
        ("", ""),
        (None, ""),
    ],
)
def test_media_type(header: str | None, expected: str) -> None:
    assert media_type(header) == expected
