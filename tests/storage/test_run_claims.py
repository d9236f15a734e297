"""Run claims, the fence between two workers on one run: once a second worker claims a run (its job queued
again because the first fell silent), every write of the first is refused and none of it is stored; the
second's go through. On SQLite, and on Postgres when one is named."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from server import storage
from server.events import RunEnded, RunEndedData, RunStarted, RunStartedData
from server.models import Checks, Dossier, Draft, Fact, LLMUsage, Packet, ResearchRequest
from tests.support.fixture_types import CountRows
from tests.support.persona import DANA_PERSON

OWNER = 1
TEAM_PAGE = "http://northwind.test/team"
FACT = Fact(id="f1", kind="role", text="COO", quote="COO", source_url=TEAM_PAGE, confidence=0.9)
FACTS = [FACT, FACT.model_copy(update={"id": "f2"})]
DRAFT = Draft(subject="Hello", body="Hi Dana", fact_ids=["f1"], engine="offline", checks=Checks(score=90))
PACKETS = [Packet(kind="congratulate", text="On the launch", fact_ids=["f1"])]


def started(seq: int) -> RunStarted:
    return RunStarted(seq=seq, message="Research started", data=RunStartedData(person=DANA_PERSON))


def ended(seq: int) -> RunEnded:
    return RunEnded(seq=seq, type="done", message="Run finished", data=RunEndedData(status="done"))


def writes(engine: Engine, claim: str) -> dict[str, Callable[[], None]]:
    """Every write a worker makes of a run while working it, made under `claim`."""
    return {
        "status": lambda: storage.set_status(engine, "r1", "running", claim=claim),
        "event": lambda: storage.add_event(engine, "r1", started(2), claim=claim),
        "research": lambda: storage.save_dossier(
            engine, "r1", Dossier(person=DANA_PERSON, facts=FACTS), claim=claim
        ),
        "draft": lambda: storage.save_drafting(
            engine, "r1", PACKETS, DRAFT, packet=0, tone="warm", usage=LLMUsage(), warnings=[], claim=claim
        ),
        "end": lambda: storage.finish_run(engine, "r1", "done", None, ended(3), claim=claim),
    }  # fmt: skip


@pytest.mark.parametrize("write", ["status", "event", "research", "draft", "end"])
def test_a_worker_whose_run_another_has_claimed_since_stores_nothing_more(
    engine: Engine, count_rows: CountRows, write: str
) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    first = "first-worker"
    storage.claim_run(engine, "r1", first)
    storage.add_event(engine, "r1", started(1), claim=first)
    storage.save_dossier(engine, "r1", Dossier(person=DANA_PERSON, facts=[FACT]), claim=first)
    storage.claim_run(engine, "r1", "second-worker")  # the first fell silent: another has the run now
    before = count_rows(engine)

    with pytest.raises(storage.ClaimLost):
        writes(engine, first)[write]()

    assert count_rows(engine) == before
    assert storage.run_status(engine, "r1") == "queued"
    assert [f.id for f in storage.load_dossier(engine, "r1").facts] == ["f1"]


def test_the_worker_holding_the_newest_claim_stores_every_step(engine: Engine, count_rows: CountRows) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    storage.claim_run(engine, "r1", "first-worker")
    second = "second-worker"
    storage.claim_run(engine, "r1", second)
    for store in writes(engine, second).values():
        store()
    run = storage.get_run(engine, "r1")
    assert (run.status, [f.id for f in run.facts], run.draft) == ("done", ["f1", "f2"], DRAFT)
    assert [e.seq for e in storage.events_after(engine, "r1")] == [2, 3]
    assert count_rows(engine)["drafts"] == 1


def test_writes_without_a_claim_are_the_embedded_servers_and_never_refused(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    storage.claim_run(engine, "r1", "a-worker")  # a claim left by a queue worker binds no other writer
    storage.add_event(engine, "r1", started(1))
    storage.finish_run(engine, "r1", "done", None, ended(2))
    assert storage.run_status(engine, "r1") == "done"


def test_a_worker_working_a_run_again_keeps_it_only_if_nobody_took_it_over(engine: Engine) -> None:
    """After losing the database mid-run, a worker works the run again under its claim without taking it
    over: if another worker has it by then, it leaves it; if not (or nobody ever claimed it), it goes on."""
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    storage.claim_run(engine, "r1", "first-worker", take_over=False)  # unclaimed: it is the first's
    storage.claim_run(engine, "r1", "first-worker", take_over=False)  # still the first's
    storage.claim_run(engine, "r1", "second-worker")  # handed the job again: the second takes it over
    with pytest.raises(storage.ClaimLost):
        storage.claim_run(engine, "r1", "first-worker", take_over=False)
    storage.add_event(engine, "r1", started(1), claim="second-worker")
    storage.claim_run(engine, "erased", "first-worker", take_over=False)  # no such run: nothing to lose
