"""Bytes to text for HTML and plain-text documents: never fails, whatever the bytes or the labels say."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x"> alike.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
# WHATWG Encoding: these labels mean windows-1252 on the web, which decodes 0x80-0x9F as real characters.
_WEB_ALIASES = {"ascii": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}


def media_type(content_type: str | None) -> str:
    """The bare, lower-case media type of a Content-Type header ("" when there is none)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
        b"x".decode(name, errors="replace")  # "base64" and "rot13" are codecs too, but not text encodings
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    if match is None:
        return None
    codec = _codec(match.group(1).decode("ascii"))
    # A page that could be read as ASCII to find this tag is not UTF-16, whatever it claims (WHATWG).
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def decode_text(body: bytes, declared: str | None, *, html: bool) -> str:
    """Decode with the byte-order mark, else the header's charset, else <meta>, else UTF-8, else a guess."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    codec = _codec(declared) or (_meta_charset(body) if html else None)
    if codec is not None:
        return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(body).best()
    return body.decode((_codec(guess.encoding) if guess else None) or "cp1252", errors="replace")
