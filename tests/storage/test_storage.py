"""Storage on a real database: SQLite, and Postgres too when RAPPORT_TEST_POSTGRES_URL names one (each test
on both gets empty tables). The page cache, runs and their parts, drafts, feedback, and erasure."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

from server import storage
from server.config import Settings
from server.events import Event, PageRead, PageReadData, RunEnded, RunEndedData, RunStarted, RunStartedData
from server.models import (
    CheckIssue,
    Checks,
    Dossier,
    Draft,
    Fact,
    Gift,
    LLMUsage,
    Packet,
    Person,
    ResearchRequest,
    Response,
    RunRequest,
    SenderProfile,
    Source,
)
from server.storage.tables import RunRow
from tests.support.fixture_types import CountRows
from tests.support.persona import DANA_PERSON

# The default user: made first by the users migration, what single-user use stores under.
OWNER = 1


def page(url: str, body: str = "<p>Dana Okafor</p>", age: timedelta = timedelta(0), **extra: Any) -> Response:
    return Response(
        url=url,
        final_url=extra.pop("final_url", url),
        status_code=200,
        content_type="text/html",
        text=body,
        fetched_at=storage.utcnow() - age,
        **extra,
    )


def fact(n: int, url: str = "http://northwind.test/team") -> Fact:
    return Fact(id=f"f{n}", kind="role", text=f"Fact {n}", quote=f"quote {n}", source_url=url, confidence=0.5)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(settings: Settings) -> None:
    engine = storage.make_engine(settings)
    try:
        assert engine.url.database == str(settings.home / "rapport.db")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        engine.dispose()


def test_the_instance_folder_and_the_database_files_are_private_to_their_owner(settings: Settings) -> None:
    # Before: rapport.db, its WAL and SHM were made 0644 in a 0755 folder, readable by every local user.
    home = settings.home
    home.mkdir(mode=0o755)
    home.chmod(0o755)  # an instance folder an older version made
    (home / "rapport.db-wal").touch(mode=0o644)
    engine = storage.make_engine(settings)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE written (x)"))
        # Read while the engine is open: closing the last connection removes the WAL and SHM files.
        made = {path.name: stat.S_IMODE(path.stat().st_mode) for path in home.iterdir()}
    finally:
        engine.dispose()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert {"rapport.db", "rapport.db-wal", "rapport.db-shm"} <= set(made)
    assert made == dict.fromkeys(made, 0o600)


def test_postgres_urls_without_a_driver_get_psycopg(
    postgres_admin: Engine, tmp_path: Path, count_rows: CountRows
) -> None:
    # Hosts hand out postgres:// and postgresql:// URLs: DATABASE_URL takes them as they are.
    plain = postgres_admin.url.set(drivername="postgresql").render_as_string(hide_password=False)
    for url in (plain, plain.replace("postgresql://", "postgres://", 1)):
        settings = Settings.from_env({"RAPPORT_HOME": str(tmp_path), "DATABASE_URL": url})
        engine = storage.make_engine(settings)
        try:
            assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
            assert "runs" in count_rows(engine)
        finally:
            engine.dispose()


def test_tables_are_made_once_and_kept(db_settings: Settings, count_rows: CountRows) -> None:
    first = storage.make_engine(db_settings)
    storage.create_run(first, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    first.dispose()
    second = storage.make_engine(db_settings)  # migrated again on the same database: keeps what is there
    try:
        assert set(count_rows(second)) == {
            "runs", "run_events", "facts", "sources", "drafts", "feedback", "sender_profile", "page_cache",
            "excluded_pages", "users", "contact_book", "robots_rules", "fetch_leases",
        }  # fmt: skip
        assert storage.get_run(second, "r1") is not None
    finally:
        second.dispose()


# --- The page cache ------------------------------------------------------------------------------------


def test_page_cache_gives_back_fresh_pages(engine: Engine) -> None:
    cache = storage.SqlPageCache(engine)
    assert cache.get("http://northwind.test/team", max_age=60) is None
    cache.put(page("http://northwind.test/team", final_url="http://northwind.test/team/"))
    hit = cache.get("http://northwind.test/team", max_age=60)
    assert hit is not None
    assert hit.from_cache
    assert (hit.url, hit.final_url, hit.status_code, hit.text) == (
        "http://northwind.test/team", "http://northwind.test/team/", 200, "<p>Dana Okafor</p>",
    )  # fmt: skip
    assert hit.fetched_at.tzinfo is not None
    assert cache.get("http://northwind.test/team", max_age=timedelta(minutes=1)) is not None


def test_page_cache_forgets_stale_pages_and_keeps_the_newest(engine: Engine, count_rows: CountRows) -> None:
    cache = storage.SqlPageCache(engine)
    cache.put(page("http://northwind.test/news/", body="old", age=timedelta(hours=2)))
    assert cache.get("http://northwind.test/news/", max_age=3600) is None
    assert cache.get("http://northwind.test/news/", max_age=3 * 3600).text == "old"
    cache.put(page("http://northwind.test/news/", body="new"))
    assert cache.get("http://northwind.test/news/", max_age=3600).text == "new"
    assert count_rows(engine)["page_cache"] == 1


def test_page_cache_takes_pages_with_nul_characters(engine: Engine) -> None:
    # A fetched page may hold U+0000 (a text file, a broken encoding); Postgres text cannot. HTML parsing
    # reads it as U+FFFD anyway, so that is what is kept.
    cache = storage.SqlPageCache(engine)
    cache.put(page("http://northwind.test/odd.txt", body="Dana\x00Okafor"))
    assert cache.get("http://northwind.test/odd.txt", max_age=60).text == "Dana\ufffdOkafor"


def test_page_cache_never_keeps_pages_from_the_users_browser(engine: Engine) -> None:
    cache = storage.SqlPageCache(engine)
    cache.put(page("https://mail.google.com/mail/u/0/", body="the user's inbox", captured=True))
    assert cache.get("https://mail.google.com/mail/u/0/", max_age=3600) is None


def test_page_cache_takes_concurrent_writers(engine: Engine, count_rows: CountRows) -> None:
    cache = storage.SqlPageCache(engine)
    urls = [f"http://northwind.test/p{i % 10}" for i in range(80)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda url: cache.put(page(url)), urls))
    assert count_rows(engine)["page_cache"] == 10


# --- Runs ----------------------------------------------------------------------------------------------


def test_a_run_reads_back_in_order(engine: Engine) -> None:
    storage.create_run(
        engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON, urls=["https://danaokafor.test/"])
    )
    run = storage.get_run(engine, "r1")
    assert run is not None
    assert (run.status, run.person, run.facts, run.draft, run.error) == (
        "queued",
        DANA_PERSON,
        [],
        None,
        None,
    )
    assert run.created_at is not None and run.created_at.tzinfo is not None

    sources = [Source(url=f"http://northwind.test/{n}", status="used") for n in "cab"]
    person = DANA_PERSON.model_copy(update={"title": "VP of Data Engineering"})
    facts = [fact(3), fact(1), fact(2)]
    warnings = ["1 sensitive sentence left out"]
    storage.save_dossier(
        engine, "r1", Dossier(person=person, facts=facts, sources=sources, warnings=warnings)
    )
    run = storage.get_run(engine, "r1")
    assert [f.id for f in run.facts] == ["f3", "f1", "f2"]
    assert [s.url for s in run.sources] == [s.url for s in sources]
    assert run.person.title == "VP of Data Engineering"
    assert run.warnings == ["1 sensitive sentence left out"]

    # Stored again (a retried run): replaced, not doubled.
    storage.save_dossier(engine, "r1", Dossier(person=person, facts=[fact(9)]))
    assert [f.id for f in storage.get_run(engine, "r1").facts] == ["f9"]


def page_read(seq: int) -> Event:
    return PageRead(
        seq=seq, message=f"{seq}", data=PageReadData(url=f"http://a.test/{seq}", from_cache=False, hop=0)
    )


def started(seq: int) -> Event:
    return RunStarted(seq=seq, message="go", data=RunStartedData(person=DANA_PERSON))


def test_events_read_back_after_a_seq(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    for seq in range(1, 6):
        storage.add_event(engine, "r1", page_read(seq))
    assert [e.seq for e in storage.events_after(engine, "r1", 2)] == [3, 4, 5]
    assert storage.events_after(engine, "r1", 0)[0] == page_read(1)
    assert storage.events_after(engine, "other", 0) == []


def test_deleting_a_run_row_cascades_to_its_parts(engine: Engine, count_rows: CountRows) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    storage.add_event(engine, "r1", started(1))
    storage.save_dossier(engine, "r1", Dossier(person=DANA_PERSON, facts=[fact(1)], sources=[]))
    with Session(engine) as session, session.begin():
        session.execute(delete(RunRow))
    left = count_rows(engine)
    assert (left["run_events"], left["facts"]) == (0, 0)


def test_unfinished_runs_are_failed_and_finished_ones_kept(engine: Engine) -> None:
    for run_id, status in (("q", "queued"), ("r", "running"), ("d", "done"), ("f", "failed")):
        storage.create_run(engine, OWNER, run_id, ResearchRequest(person=DANA_PERSON))
        storage.set_status(engine, run_id, status, "boom" if status == "failed" else None)
    assert storage.fail_unfinished_runs(engine, "interrupted") == 2
    assert {i: storage.get_run(engine, i).error for i in "qrdf"} == {
        "q": "interrupted", "r": "interrupted", "d": None, "f": "boom",
    }  # fmt: skip


def test_runs_are_found_by_email_or_name_whatever_the_case(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "by-email", ResearchRequest(person=DANA_PERSON))
    storage.create_run(engine, OWNER, "by-name", ResearchRequest(person=Person(name="  dana OKAFOR ")))
    storage.create_run(
        engine,
        OWNER,
        "namesake",
        ResearchRequest(person=Person(name="Dana Okafor", email="d@sweetcrumb.test")),
    )
    storage.create_run(engine, OWNER, "other", ResearchRequest(person=Person(name="Miguel Santos")))
    found = storage.runs_for_contact

    assert {i for i, _ in found(engine, OWNER, "DANA.OKAFOR@northwind.test", None)} == {"by-email"}
    assert {i for i, _ in found(engine, OWNER, None, "Dana Okafor")} == {"by-email", "by-name", "namesake"}
    assert found(engine, OWNER, None, None) == []
    assert found(engine, OWNER, "  ", "") == []


def test_erasing_by_email_and_name_takes_runs_without_an_email_but_never_a_namesake(engine: Engine) -> None:
    # Before: email and name were either-or, so a namesake with her own email went with Dana.
    storage.create_run(engine, OWNER, "by-email", ResearchRequest(person=DANA_PERSON))
    storage.create_run(engine, OWNER, "by-name", ResearchRequest(person=Person(name="dana okafor")))
    storage.create_run(
        engine,
        OWNER,
        "namesake",
        ResearchRequest(person=Person(name="Dana Okafor", email="d@sweetcrumb.test")),
    )
    found = storage.runs_for_contact

    dana = "dana.okafor@northwind.test"
    assert {i for i, _ in found(engine, OWNER, dana, "Dana Okafor")} == {"by-email", "by-name"}
    assert {i for i, _ in found(engine, OWNER, dana, None)} == {"by-email"}


def test_the_sender_profile_is_one_row(engine: Engine, count_rows: CountRows) -> None:
    assert storage.get_sender_profile(engine, OWNER) is None
    storage.put_sender_profile(engine, OWNER, SenderProfile(name="Sam Lee", interests=["streaming"]))
    storage.put_sender_profile(engine, OWNER, SenderProfile(name="Sam Lee", offer="a benchmark"))
    profile = storage.get_sender_profile(engine, OWNER)
    assert profile == SenderProfile(name="Sam Lee", offer="a benchmark")
    assert count_rows(engine)["sender_profile"] == 1


def test_the_sender_profile_keeps_gifts_as_reviewed_none_apart_from_no_gifts(engine: Engine) -> None:
    """Not reviewed (None: read from the offer) and every gift removed ([]) are different choices."""
    reviewed = [Gift(kind="donation", what="book donations", topics=["books"])]
    for gifts in (None, [], reviewed):
        profile = SenderProfile(name="Sam Lee", offer="I can share a map", gifts=gifts)
        storage.put_sender_profile(engine, OWNER, profile)
        stored = storage.get_sender_profile(engine, OWNER)
        assert stored is not None and stored.gifts == gifts


def test_many_runs_write_events_at_once_without_locking_errors(engine: Engine, count_rows: CountRows) -> None:
    run_ids = [f"r{i}" for i in range(6)]
    for run_id in run_ids:
        storage.create_run(engine, OWNER, run_id, ResearchRequest(person=DANA_PERSON))

    def write(run_id: str) -> None:
        for seq in range(1, 31):
            storage.add_event(engine, run_id, page_read(seq))
            storage.events_after(engine, run_id, seq - 1)

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, run_ids))
    assert count_rows(engine)["run_events"] == 180


def test_a_run_keeps_its_request_and_its_last_event_with_its_status(engine: Engine) -> None:
    request = RunRequest(person=DANA_PERSON, urls=["https://danaokafor.test/"], tone="brief", packet=1)
    storage.create_run(engine, OWNER, "r1", request)
    storage.save_dossier(engine, "r1", Dossier(person=DANA_PERSON, facts=[fact(1)], warnings=["w"]))
    assert storage.load_request(engine, "r1") == request
    assert storage.load_request(engine, "other") is None
    dossier = storage.load_dossier(engine, "r1")
    assert ([f.id for f in dossier.facts], dossier.warnings) == (["f1"], ["w"])
    assert storage.load_dossier(engine, "other") is None

    last = RunEnded(seq=1, type="done", message="ok", data=RunEndedData(status="done"))
    storage.finish_run(engine, "r1", "done", None, last)
    assert storage.run_status(engine, "r1") == "done"
    assert [e.type for e in storage.events_after(engine, "r1")] == ["done"]
    assert storage.run_status(engine, "other") is None


# --- Drafts, feedback and erasure ----------------------------------------------------------------------


def draft(subject: str, score: float = 90) -> Draft:
    checks = Checks(score=score, issues=[CheckIssue(code="long", message="A bit long")])
    return Draft(
        subject=subject, body=f"Hi Dana, {subject}", fact_ids=["f1"], engine="offline", checks=checks
    )


def test_drafting_keeps_the_newest_draft_and_adds_up_what_it_cost(
    engine: Engine, count_rows: CountRows
) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    storage.save_dossier(engine, "r1", Dossier(person=DANA_PERSON, facts=[fact(1)], warnings=["research"]))
    packets = [Packet(kind="congratulate", text="On the launch", fact_ids=["f1"])]
    storage.save_drafting(
        engine, "r1", packets, draft("First"), packet=0, tone="warm",
        usage=LLMUsage(calls=1, input_tokens=100, output_tokens=20), warnings=["first draft"],
    )  # fmt: skip
    run = storage.get_run(engine, "r1")
    assert (run.draft, run.generosity, run.selected_packet, run.tone) == (draft("First"), packets, 0, "warm")
    assert run.warnings == ["research", "first draft"]

    storage.save_drafting(
        engine, "r1", packets, draft("Second", 70), packet=None, tone="formal",
        usage=LLMUsage(calls=2, input_tokens=50, output_tokens=5, estimated=True), warnings=[],
    )  # fmt: skip
    # No draft this time (nothing to say): the newest one stays, the cost still adds up.
    storage.save_drafting(engine, "r1", [], None, packet=None, tone="brief", usage=LLMUsage(), warnings=[])
    run = storage.get_run(engine, "r1")
    assert (run.draft, run.generosity, run.selected_packet, run.tone) == (
        draft("Second", 70),
        [],
        None,
        "brief",
    )
    assert run.usage == LLMUsage(calls=3, input_tokens=150, output_tokens=25, estimated=True)
    assert run.warnings == ["research"]
    assert count_rows(engine)["drafts"] == 2
    with pytest.raises(LookupError):
        storage.save_drafting(
            engine, "other", [], None, packet=None, tone="warm", usage=LLMUsage(), warnings=[]
        )


def test_erasing_runs_takes_their_parts_and_cached_pages_and_nothing_else(
    engine: Engine, count_rows: CountRows
) -> None:
    cache = storage.SqlPageCache(engine)
    for run_id, url in (("r1", "http://northwind.test/team"), ("r2", "http://danaokafor.test/"),
                        ("keep", "http://miguelsantos.test/")):  # fmt: skip
        storage.create_run(engine, OWNER, run_id, ResearchRequest(person=DANA_PERSON))
        storage.add_event(engine, run_id, started(1))
        storage.save_dossier(
            engine,
            run_id,
            Dossier(person=DANA_PERSON, facts=[fact(1, url)], sources=[Source(url=url, status="used")]),
        )
        storage.save_drafting(
            engine, run_id, [], draft("Hi"), packet=None, tone="warm", usage=LLMUsage(), warnings=[]
        )
        storage.save_feedback(engine, run_id, "Hi", "Hi Dana")
        cache.put(page(url))
    # A page reached by a redirect is cached under the address asked for: erased by its final address too.
    cache.put(page("http://danaokafor.test", final_url="http://danaokafor.test/"))

    counts = storage.erase_runs(engine, ["r1", "r2", "missing"])
    assert counts == {
        "runs": 2, "events": 2, "facts": 2, "sources": 2, "drafts": 2, "feedback": 2, "cached_pages": 3,
    }  # fmt: skip
    assert storage.get_run(engine, "r1") is None
    assert storage.get_run(engine, "keep").draft == draft("Hi")
    left = count_rows(engine)
    empty = ("sender_profile", "excluded_pages", "contact_book", "robots_rules", "fetch_leases")
    assert left == {**dict.fromkeys(left, 1), **dict.fromkeys(empty, 0)}
    assert cache.get("http://miguelsantos.test/", max_age=60) is not None
    assert storage.erase_runs(engine, []) == dict.fromkeys(counts, 0)


def test_an_erased_contact_cannot_be_read_back_from_the_database_files(settings: Settings) -> None:
    # Before: the erased page, context and feedback stayed readable in rapport.db-wal until a checkpoint
    # (and in the database file's free pages after one).
    engine = storage.make_engine(settings)
    marks = ("PAGE-BODY-7f3a", "CONTEXT-NOTE-7f3a", "FEEDBACK-BODY-7f3a")
    url = "http://danaokafor.test/"
    try:
        request = ResearchRequest(person=DANA_PERSON, context=f"we met at the summit {marks[1]}")
        storage.create_run(engine, OWNER, "r1", request)
        dossier = Dossier(person=DANA_PERSON, sources=[Source(url=url, status="used")])
        storage.save_dossier(engine, "r1", dossier)
        storage.SqlPageCache(engine).put(page(url, body=f"<p>Dana Okafor {marks[0] * 300}</p>"))
        storage.save_feedback(engine, "r1", "Hi", f"Hi Dana {marks[2]}")
        files = [settings.home / name for name in ("rapport.db", "rapport.db-wal")]
        assert all(any(m.encode() in f.read_bytes() for f in files) for m in marks)  # the test sees them
        with engine.connect() as conn:  # some of it in the database file already, as after a while
            conn.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
        storage.save_feedback(engine, "r1", "Hi again", f"Hi Dana {marks[2]}")

        storage.erase_runs(engine, ["r1"])
        for file in files:
            content = file.read_bytes() if file.exists() else b""
            assert not [m for m in marks if m.encode() in content], file.name
    finally:
        engine.dispose()
