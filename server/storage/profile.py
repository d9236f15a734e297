"""The sender profile: one per user (its row's id is the user's)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server.models import SenderProfile
from server.storage.tables import SenderProfileRow, utcnow


def get_sender_profile(engine: Engine, user_id: int) -> SenderProfile | None:
    with Session(engine) as session:
        row = session.get(SenderProfileRow, user_id)
        return None if row is None else SenderProfile.model_validate(row.profile)


def put_sender_profile(engine: Engine, user_id: int, profile: SenderProfile) -> None:
    with Session(engine) as session, session.begin():
        row = SenderProfileRow(id=user_id, profile=profile.model_dump(mode="json"), updated_at=utcnow())
        session.merge(row)
