"""The API token: made once per instance folder, kept in a file only its owner can read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import Engine

from server import storage
from server.storage import prepare_instance_folder

TOKEN_FILE = "token"
HOW_TO_GET_TOKEN = (
    "Send the header 'Authorization: Bearer <token>'. The token is printed by `make token` in the Rapport "
    "folder (and once, when the server makes it); paste it into the extension's options."
)


def create_token(home: Path) -> bool:
    """Make home/token (mode 0600) with a fresh random token unless it exists; whether this call made it."""
    path = home / TOKEN_FILE
    if path.exists():
        return False
    # Written aside then linked into place: the token file never exists half-written, and when two
    # processes start at once the second link fails and both read the first one's token.
    draft = home / f".{TOKEN_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(32) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        return False
    finally:
        draft.unlink()
    return True


def load_or_create_token(home: Path) -> str:
    """Read home/token, creating it on first use."""
    prepare_instance_folder(home)
    create_token(home)
    path = home / TOKEN_FILE
    token = path.read_text(encoding="utf-8").strip()
    if not token:
        raise RuntimeError(f"{path} is empty; delete it and restart to make a new token")
    return token


def bearer_user(authorization: str | None, engine: Engine) -> int | None:
    """The id of the user whose token an Authorization header carries; None when none, unknown or revoked.

    Tokens are looked up by their SHA-256: the database never holds one, and the lookup's timing tells
    nothing of a token's characters.
    """
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return None
    return storage.user_for_token(engine, given.strip())
