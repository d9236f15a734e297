"""Shared fixtures: the fixture web on a loopback port, and settings that reach it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server.app import create_app, shutdown
from server.config import Settings
from tests.fixture_web import FixtureWeb


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
def settings(tmp_path: Path, web: FixtureWeb) -> Settings:
    """A fresh instance folder, loopback allowed, every *.test host on the fixture web."""
    return Settings(
        home=tmp_path / "instance",
        fetch_allowlist=("127.0.0.1",),
        connect_to=(web.connect_to,),
        connect_timeout=2.0,
        read_timeout=5.0,
        fetch_retries=0,
        llm_retries=0,
        llm_timeout=5.0,
    )


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
