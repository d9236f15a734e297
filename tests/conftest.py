"""Shared fixtures: the fixture web and a fake LLM on loopback ports, settings that reach them, the databases,
and the assertions every room uses."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from server import storage
from server.app import create_app, shutdown
from server.config import Settings
from tests.fake_llm import FakeLLM
from tests.fixture_web import FixtureWeb
from tests.support.fixture_types import AssertError


@pytest.fixture(scope="session")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture
def fresh_web() -> Iterator[FixtureWeb]:
    """A fixture web of its own, for tests that add routes or count requests."""
    with FixtureWeb() as server:
        yield server


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A local OpenAI-compatible server of the test's own, answering from its script; stopped afterwards."""
    with FakeLLM() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, web: FixtureWeb) -> Settings:
    """A fresh instance folder, loopback allowed, every *.test host on the fixture web."""
    return web.settings(tmp_path / "instance")


@pytest.fixture
def make_app(settings: Settings) -> Iterator[Callable[..., Flask]]:
    """Build apps on this test's instance folder (kwargs are test_config); shut down after the test."""
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        app = create_app({"SETTINGS": settings, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        shutdown(app)


# --- Databases -----------------------------------------------------------------------------------------

POSTGRES_URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test Postgres database named by RAPPORT_TEST_POSTGRES_URL; skips when it is unset."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(
            f"Postgres variant: {POSTGRES_URL_VARIABLE} is not set "
            "(e.g. postgresql+psycopg://rapport@127.0.0.1:5432/rapport_test; .ci/run sets it)"
        )
    # Set but unreachable is a failure, not a skip: whoever set it expects these tests to run.
    engine = create_engine(url, connect_args={"connect_timeout": 10})
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings on an empty database: SQLite in the instance folder, or Postgres with Rapport's tables
    dropped (storage.make_engine makes them again)."""
    if request.param == "sqlite":
        return settings
    admin: Engine = request.getfixturevalue("postgres_admin")
    with admin.begin() as conn:
        # A connection left inside a transaction by an earlier test must not hang the suite.
        conn.execute(text("SET LOCAL lock_timeout = '10s'"))
        storage.Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    return settings.replace(database_url=admin.url.render_as_string(hide_password=False))


def _count_rows(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in storage.Base.metadata.sorted_tables
        }


@pytest.fixture(scope="session")
def count_rows() -> Callable[[Engine], dict[str, int]]:
    """Rows per table of a database, by table name: what a test reads to see what was stored or erased."""
    return _count_rows


# --- The API's error shape -----------------------------------------------------------------------------


def _assert_error(resp: TestResponse | httpx.Response, status: int, code: str) -> str:
    """Every failure answers JSON {"error": {"code", "message"}} and nothing else; returns the message.

    resp is the test client's answer, or a real server's (httpx)."""
    if isinstance(resp, httpx.Response):
        text, mimetype = resp.text, resp.headers.get("content-type", "").split(";")[0]
        body = resp.json() if mimetype == "application/json" else None
    else:
        text, mimetype, body = resp.get_data(as_text=True), resp.mimetype, resp.get_json(silent=True)
    assert resp.status_code == status, text
    assert mimetype == "application/json", text
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["code", "message"]
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert isinstance(message, str) and message.strip()
    return message


@pytest.fixture(scope="session")
def assert_error() -> AssertError:
    """The error-shape assertion: status, code and shape checked, the message returned."""
    return _assert_error
