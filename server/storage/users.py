"""Users and their tokens: a token is shown once when made, and only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.storage.tables import UserRow, aware, utcnow

# Made by the users migration as the first user: what was stored before users belongs to them, and the
# instance token (`make token`) is theirs.
DEFAULT_USER = "default"


class User(BaseModel):
    """A user as listed: never their token."""

    id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None


class UserExists(ValueError):
    """A user of that name is already there."""


class UserNotFound(LookupError):
    """No user of that name."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(engine: Engine, name: str) -> str:
    """Make a user with a fresh token; returns the token (the only time it exists outside its owner)."""
    token = secrets.token_urlsafe(32)
    try:
        with Session(engine) as session, session.begin():
            session.add(UserRow(name=name, token_hash=token_hash(token), created_at=utcnow()))
    except IntegrityError:
        raise UserExists(f"There is already a user named {name!r}.") from None
    return token


def list_users(engine: Engine) -> list[User]:
    with Session(engine) as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.id))]


def revoke_user(engine: Engine, name: str) -> User:
    """Refuse the user's token from now on (their records stay); revoking twice keeps the first date."""
    with Session(engine) as session, session.begin():
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise UserNotFound(f"There is no user named {name!r}.")
        row.revoked_at = row.revoked_at or utcnow()
        return _user(row)


def user_for_token(engine: Engine, token: str) -> int | None:
    """The id of the user the token is, unless it is unknown or revoked."""
    query = select(UserRow.id).where(UserRow.token_hash == token_hash(token), UserRow.revoked_at.is_(None))
    with Session(engine) as session:
        return session.scalar(query)


def claim_default_user(engine: Engine, token: str, *, replace: bool = True) -> bool:
    """Give the default user the instance token (its hash), as the instance folder has it now; without
    replace, only if they have none yet. Whether the token is now the default user's."""
    with Session(engine) as session, session.begin():
        claiming = update(UserRow).where(UserRow.name == DEFAULT_USER).values(token_hash=token_hash(token))
        if not replace:
            claiming = claiming.where(UserRow.token_hash.is_(None))
        session.execute(claiming)
        held = session.scalar(select(UserRow.token_hash).where(UserRow.name == DEFAULT_USER))
        return held == token_hash(token)


def default_user_id(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalars(select(UserRow.id).where(UserRow.name == DEFAULT_USER)).one()


def _user(row: UserRow) -> User:
    return User(id=row.id, name=row.name, created_at=aware(row.created_at), revoked_at=aware(row.revoked_at))
