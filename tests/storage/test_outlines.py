"""Runs in outline, as the Renewals view lists hundreds of them: each run's status, error, the idea of its
newest draft and that draft; the user's runs only. On SQLite, and on Postgres when one is named."""

from __future__ import annotations

from sqlalchemy import Engine

from server import storage
from server.models import Checks, Dossier, Draft, LLMUsage, Packet, ResearchRequest
from tests.support.persona import DANA_PERSON

OWNER = 1
PACKETS = [
    Packet(kind="congratulate", text="On the Series B", fact_ids=[]),
    Packet(kind="share_resource", text="Our cold-chain checklist", fact_ids=[]),
]


def drafted(engine: Engine, run_id: str, subject: str, packet: int) -> None:
    draft = Draft(subject=subject, body=f"Hi Dana, {subject}", engine="offline", checks=Checks(score=90))
    storage.save_drafting(
        engine, run_id, PACKETS, draft, packet=packet, tone="warm", usage=LLMUsage(), warnings=[]
    )


def test_each_run_in_outline_with_its_newest_draft_and_the_idea_it_leads_with(engine: Engine) -> None:
    for run_id in ("ready", "failed", "working"):
        storage.create_run(engine, OWNER, run_id, ResearchRequest(person=DANA_PERSON))
    storage.save_dossier(engine, "ready", Dossier(person=DANA_PERSON))
    drafted(engine, "ready", "First", packet=0)
    drafted(engine, "ready", "Second", packet=1)
    storage.set_status(engine, "ready", "done")
    storage.set_status(engine, "failed", "failed", "research found nothing")

    outlines = storage.run_outlines(engine, OWNER, ["ready", "failed", "working", "erased"])

    assert outlines == {
        "ready": storage.RunOutline(
            status="done", idea="Our cold-chain checklist", subject="Second", body="Hi Dana, Second"
        ),
        "failed": storage.RunOutline(status="failed", error="research found nothing"),
        "working": storage.RunOutline(status="queued"),
    }
    assert storage.run_outlines(engine, OWNER, []) == {}


def test_another_users_runs_are_left_out_of_the_outlines(engine: Engine) -> None:
    ana = storage.user_for_token(engine, storage.add_user(engine, "ana"))
    assert ana is not None
    storage.create_run(engine, ana, "hers", ResearchRequest(person=DANA_PERSON))
    assert storage.run_outlines(engine, OWNER, ["hers"]) == {}
    assert storage.run_outlines(engine, ana, ["hers"]) == {"hers": storage.RunOutline(status="queued")}
