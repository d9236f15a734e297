"""The sender profile: one per instance."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server.models import SenderProfile
from server.storage.tables import SenderProfileRow, utcnow


def get_sender_profile(engine: Engine) -> SenderProfile | None:
    with Session(engine) as session:
        row = session.get(SenderProfileRow, 1)
        return None if row is None else SenderProfile.model_validate(row.profile)


def put_sender_profile(engine: Engine, profile: SenderProfile) -> None:
    with Session(engine) as session, session.begin():
        session.merge(SenderProfileRow(id=1, profile=profile.model_dump(mode="json"), updated_at=utcnow()))
