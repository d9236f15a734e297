"""Migrations: a database made before Rapport had them (an existing instance folder) is upgraded to the head
revision and keeps every row, owned by the default user; and the migrations make the tables the models say."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, insert, text

from server import storage
from server.config import Settings
from server.models import SenderProfile
from server.storage.tables import MIGRATIONS, modelled

# The default user: made first by the users migration; what was stored before users is theirs.
OWNER = 1
OLD_SCHEMA = Path(__file__).parents[1] / "fixtures" / "storage"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DANA = {"name": "Dana Okafor", "email": "dana.okafor@northwind.test", "company": None, "title": None}
TEAM = "http://northwind.test/team"


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def make_old_database(settings: Settings, *drop_columns: tuple[str, str]) -> None:
    """The tables as the code before migrations made them (its create_all's own statements), with a run
    researched and drafted, a profile, a page left out and a cached page in them."""
    storage.prepare_instance_folder(settings.home)
    old = create_engine(settings.sqlalchemy_url)
    statements = (OLD_SCHEMA / f"pre_alembic_{old.dialect.name}.sql").read_text(encoding="utf-8")
    with old.begin() as connection:
        for statement in statements.split(";\n"):
            code = "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
            if code:
                connection.exec_driver_sql(code)
        for table, column in drop_columns:  # an instance older still, from before these nullable columns
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        tables = MetaData()
        tables.reflect(connection)
        for name, rows in old_rows().items():
            present = set(tables.tables[name].columns.keys())
            rows = [{key: value for key, value in row.items() if key in present} for row in rows]
            connection.execute(insert(tables.tables[name]), rows)
    old.dispose()


def old_rows() -> dict[str, list[dict[str, object]]]:
    run = {"person": DANA, "urls": [TEAM], "pages": [], "exclude_urls": [], "context": "met at the summit"}
    return {
        "runs": [
            {
                "id": "old-run", "status": "done", "request": run, "person": DANA,
                "person_name": "dana okafor", "person_email": DANA["email"], "generosity": [], "warnings": [],
                "selected_packet": 0, "tone": "warm", "draft_warnings": [], "usage": {}, "error": None,
                "created_at": WHEN, "updated_at": WHEN,
            }
        ],
        "run_events": [
            {"run_id": "old-run", "seq": 1, "stage": "run", "type": "done", "message": "Run finished",
             "data": {"status": "done"}},
        ],
        "facts": [
            {"run_id": "old-run", "id": "f1", "position": 0, "kind": "role",
             "text": "Dana Okafor is VP of Data Engineering.", "quote": "Dana Okafor, VP of Data Engineering",
             "source_url": TEAM, "date": "2026-02-01", "confidence": 0.9, "superseded": False},
        ],
        "sources": [
            {"run_id": "old-run", "position": 0, "url": TEAM, "title": "Team", "status": "used",
             "reason": "names Dana Okafor", "subject": "person"},
        ],
        "drafts": [
            {"run_id": "old-run", "subject": "Your new role", "body": "Hi Dana,\n\nCongratulations.",
             "fact_ids": ["f1"], "engine": "offline", "checks": {"score": 90, "issues": []},
             "created_at": WHEN},
        ],
        "feedback": [{"run_id": "old-run", "subject": "Sent", "body": "Hi Dana", "created_at": WHEN}],
        "sender_profile": [{"id": 1, "profile": {"name": "Sam Lee"}, "updated_at": WHEN}],
        "excluded_pages": [
            {"person_name": "dana okafor", "person_email": DANA["email"], "url": "http://sweetcrumb.test/about",
             "title": "A pastry chef", "created_at": WHEN},
        ],
        "page_cache": [
            {"url": TEAM, "final_url": TEAM, "status": 200, "content_type": "text/html",
             "text": "<p>Dana Okafor</p>", "fetched_at": WHEN},
        ],
    }  # fmt: skip


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_a_database_made_before_migrations_is_upgraded_keeping_every_row_for_the_default_user(
    db_settings: Settings,
) -> None:
    make_old_database(db_settings)
    engine = storage.make_engine(db_settings)
    try:
        assert revision_of(engine) == head_revision()
        run = storage.get_run(engine, "old-run")
        assert run is not None and storage.run_owner(engine, "old-run") == OWNER
        assert ([f.id for f in run.facts], [s.subject for s in run.sources]) == (["f1"], ["person"])
        assert run.draft is not None and run.draft.subject == "Your new role"
        assert [r.run_id for r in storage.recent_runs(engine, OWNER, None, None, 10)] == ["old-run"]
        assert storage.get_sender_profile(engine, OWNER) == SenderProfile(name="Sam Lee")
        left_out = storage.excluded_pages(engine, OWNER, DANA["email"], None)
        assert [page.url for page in left_out] == ["http://sweetcrumb.test/about"]
        assert storage.SqlPageCache(engine).get(TEAM, max_age=10**9) is not None

        newcomer = storage.user_for_token(engine, storage.add_user(engine, "alex"))
        assert newcomer is not None and newcomer != OWNER
        assert storage.recent_runs(engine, newcomer, None, None, 10) == []
        assert storage.get_sender_profile(engine, newcomer) is None
        assert storage.excluded_pages(engine, newcomer, DANA["email"], None) == []
    finally:
        engine.dispose()


def test_an_instance_older_than_the_nullable_columns_gets_them_too(db_settings: Settings) -> None:
    # What add_new_columns did on start before migrations: the baseline adopts such a database the same way.
    make_old_database(db_settings, ("sources", "subject"), ("runs", "tone"))
    engine = storage.make_engine(db_settings)
    try:
        run = storage.get_run(engine, "old-run")
        assert run is not None and (run.tone, [s.subject for s in run.sources]) == (None, [None])
    finally:
        engine.dispose()


def test_the_migrations_make_the_tables_the_models_describe(db_settings: Settings) -> None:
    # A column added to tables.py without a revision (or a revision unlike the model) shows up here.
    engine = storage.make_engine(db_settings)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": modelled})
            differences = compare_metadata(context, storage.Base.metadata)
        assert differences == []
        with engine.connect() as connection:
            users = connection.execute(text("SELECT name, token_hash FROM users")).all()
        assert [tuple(user) for user in users] == [(storage.DEFAULT_USER, None)]
    finally:
        engine.dispose()


REVISIONS = sorted(script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


def test_the_revisions_are_one_line() -> None:
    assert [f"{n:04d}" for n in range(1, len(REVISIONS) + 1)] == REVISIONS


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_revision_goes_down_and_up_again(db_settings: Settings, revision: str) -> None:
    engine = storage.make_engine(db_settings)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, f"{revision}-1" if revision != "0001" else "base")
        assert revision_of(engine) == (None if revision == "0001" else f"{int(revision) - 1:04d}")
        engine.dispose()
        engine = storage.make_engine(db_settings)
        assert revision_of(engine) == head_revision()
    finally:
        engine.dispose()
