"""The side panel as a plain web page at `/`, so Rapport can be tried without installing the extension."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response

from server.service.errors import ApiError

# The extension's panel folder in a source checkout; the panel's code runs with and without chrome.* APIs.
PANEL_DIR = Path(__file__).resolve().parents[2] / "extension" / "panel"
SERVED = {".html", ".js", ".css", ".svg", ".png"}

# The token lives in this page's localStorage: no script, style or connection from anywhere else.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

bp = Blueprint("web", __name__)


@bp.get("/")
def panel_page() -> Response:
    """The panel, as a page."""
    return panel_file("panel.html")


@bp.get("/<name>")
def panel_file(name: str) -> Response:
    """One of the panel's files (the folder is flat: no sub-paths are served)."""
    path = PANEL_DIR / name
    if Path(name).suffix not in SERVED or path.parent != PANEL_DIR or not path.is_file():
        raise ApiError(404, "not_found", f"No page or file named {name[:100]!r} here; the panel is at /.")
    # Small files, read whole: no file handle outlives the response.
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(path.read_bytes(), mimetype=mimetype, headers=SECURITY_HEADERS)
