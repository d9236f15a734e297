"""Settings: built in code they ignore the environment; from_env reads the declared variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from server.config import Settings, SettingsError


def test_from_env_reads_the_declared_variables(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "RAPPORT_HOME": str(tmp_path / "home"),
            "RAPPORT_FETCH_TIMEOUT": "3.5",
            "RAPPORT_PAGE_BUDGET": "7",
            "RAPPORT_CONNECT_TO": "*.test::127.0.0.1:8000, other.test::127.0.0.1:8001,",
            "RAPPORT_CORS_ORIGINS": "chrome-extension://abc",
            "RAPPORT_SSE_KEEPALIVE": "2",
            "RAPPORT_RUN_POLL": "0.25",
            "RAPPORT_MAX_HOPS": "",  # empty is unset
            "OPENAI_API_KEY": "sk-test",
        }
    )
    assert settings.home == (tmp_path / "home").resolve()
    assert settings.read_timeout == 3.5
    assert settings.page_budget == 7
    assert settings.connect_to == ("*.test::127.0.0.1:8000", "other.test::127.0.0.1:8001")
    assert settings.cors_origins == ("chrome-extension://abc",)
    assert (settings.sse_keepalive_seconds, settings.run_poll_seconds) == (2.0, 0.25)
    assert settings.max_hops == Settings().max_hops
    assert settings.llm_configured


def test_rapport_llm_model_wins_over_openai_model() -> None:
    assert Settings.from_env({"OPENAI_MODEL": "b"}).openai_model == "b"
    assert Settings.from_env({"RAPPORT_LLM_MODEL": "a", "OPENAI_MODEL": "b"}).openai_model == "a"
    assert Settings.from_env({"RAPPORT_LLM_MODEL": "", "OPENAI_MODEL": "b"}).openai_model == "b"


def test_overrides_win_over_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"RAPPORT_HOME": "/elsewhere", "RAPPORT_PAGE_BUDGET": "7"}, home=tmp_path)
    assert (settings.home, settings.page_budget) == (tmp_path.resolve(), 7)
    with pytest.raises(TypeError, match="page_budgte"):
        Settings.from_env({}, page_budgte=3)


def test_a_bad_value_names_its_variable() -> None:
    with pytest.raises(ValueError, match="RAPPORT_PAGE_BUDGET"):
        Settings.from_env({"RAPPORT_PAGE_BUDGET": "abc"})


def test_the_postgres_queue_needs_a_postgres_database_and_says_so_in_one_line() -> None:
    for env in (
        {"RAPPORT_QUEUE": "postgres"},
        {"RAPPORT_QUEUE": "postgres", "DATABASE_URL": "sqlite:///r.db"},
    ):
        with pytest.raises(SettingsError) as raised:
            Settings.from_env(env)
        assert str(raised.value).startswith(
            "bad setting: RAPPORT_QUEUE=postgres keeps the runs' jobs in the database: DATABASE_URL must name"
        )
    on_postgres = {"RAPPORT_QUEUE": "postgres", "DATABASE_URL": "postgresql+psycopg://rapport@db/rapport"}
    assert Settings.from_env(on_postgres).queue == "postgres"
    assert Settings.from_env({}).queue == "embedded"


def test_settings_built_in_code_ignore_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-shell")
    monkeypatch.setenv("RAPPORT_PAGE_BUDGET", "3")
    assert Settings().openai_api_key is None
    assert Settings(page_budget=4).page_budget == 4
    assert Settings.from_env().openai_api_key == "sk-from-the-shell"


def test_settings_are_immutable_and_replace_validates(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    with pytest.raises(ValidationError):
        settings.page_budget = 3  # type: ignore[misc]
    assert settings.replace(page_budget=3).page_budget == 3
    assert settings.replace(connect_to="a.test::127.0.0.1:1").connect_to == ("a.test::127.0.0.1:1",)
    with pytest.raises(TypeError, match="nope"):
        settings.replace(nope=1)
