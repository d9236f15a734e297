"""The HTTP API's contract: the token, input validation, the one error shape, OpenAPI and CORS."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from server import storage
from server.config import Settings
from tests.support.fixture_types import AssertError, Research, WaitUntilFinished
from tests.support.persona import DANA, DANA_EMAIL, DANA_SITE

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


@pytest.fixture
def app(make_app: Callable[..., Flask], settings: Settings, no_research: Research) -> Flask:
    return make_app(
        SETTINGS=settings.replace(
            cors_origins=(EXTENSION,), max_request_bytes=64 * 1024, max_page_bytes=4096
        ),
        RESEARCH=no_research,
    )


def post_run(client: FlaskClient, auth: dict[str, str], body: Any) -> TestResponse:
    return client.post("/api/v1/runs", json=body, headers=auth)


# --- The token -----------------------------------------------------------------------------------------


def test_health_answers_without_a_token(client: FlaskClient) -> None:
    resp = client.get("/api/v1/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]


PROTECTED = [
    ("GET", "/api/v1/runs/0123"),
    ("GET", "/api/v1/runs/0123/events"),
    ("POST", "/api/v1/runs"),
    ("DELETE", f"/api/v1/contacts?email={DANA_EMAIL}"),
    ("GET", "/api/v1/runs?limit=5"),
    ("GET", f"/api/v1/exclusions?email={DANA_EMAIL}"),
    ("DELETE", f"/api/v1/exclusions?email={DANA_EMAIL}&url=http://sweetcrumb.test/about"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/contacts"),
    ("POST", "/api/v1/contacts/import"),
    ("POST", "/api/v1/contacts/exchanges"),
    ("GET", "/api/v1/renewals"),
    ("POST", "/api/v1/renewals/start"),
    ("POST", "/api/v1/renewals/decision"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", "Bearer ", "Basic dXNlcjpwYXNz", "TOKEN-WITHOUT-SCHEME"],
    ids=["missing", "wrong", "empty", "basic", "no-scheme"],
)
def test_every_other_route_needs_the_token(
    client: FlaskClient,
    app: Flask,
    method: str,
    path: str,
    authorization: str | None,
    assert_error: AssertError,
) -> None:
    if authorization == "TOKEN-WITHOUT-SCHEME":
        authorization = app.extensions["rapport.token"]
    headers = {"Authorization": authorization} if authorization is not None else {}
    resp = client.open(
        path, method=method, headers=headers, json=None if method != "POST" else {"person": DANA}
    )
    message = assert_error(resp, 401, "unauthorized")
    assert "`make token`" in message
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_is_made_once_private_and_reused(
    make_app: Callable[..., Flask], settings: Settings, no_research: Research
) -> None:
    first = make_app(RESEARCH=no_research).extensions["rapport.token"]
    token_file = settings.home / "token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token_file.read_text().strip() == first
    assert len(first) >= 40
    assert make_app(RESEARCH=no_research).extensions["rapport.token"] == first


def test_the_right_token_is_accepted(client: FlaskClient, auth: dict[str, str]) -> None:
    resp = post_run(client, auth, {"person": DANA})
    assert resp.status_code == 202


# --- Starting a run ------------------------------------------------------------------------------------


def test_a_run_starts_queued_with_links(client: FlaskClient, auth: dict[str, str]) -> None:
    resp = post_run(client, auth, {"person": DANA, "urls": [DANA_SITE]})
    assert resp.status_code == 202
    body = resp.get_json()
    run_id = body["run_id"]
    assert isinstance(run_id, str) and run_id
    assert body["status"] == "queued"
    assert body["links"] == {"self": f"/api/v1/runs/{run_id}", "events": f"/api/v1/runs/{run_id}/events"}
    assert resp.headers["Location"] == body["links"]["self"]


# --- Validation ----------------------------------------------------------------------------------------


def test_bad_json_is_a_400(client: FlaskClient, auth: dict[str, str], assert_error: AssertError) -> None:
    resp = client.post(
        "/api/v1/runs", data='{"person": {"name": "Dana"', headers=auth, content_type="application/json"
    )
    assert_error(resp, 400, "invalid_json")


def test_a_body_that_is_not_json_is_a_415(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    resp = client.post(
        "/api/v1/runs", data="name=Dana", headers=auth, content_type="application/x-www-form-urlencoded"
    )
    assert_error(resp, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "person"),
        ({"person": {}}, "person.name"),
        ({"person": {"name": ""}}, "person.name"),
        ({"person": {"name": "Dana Okafor", "shoe_size": 39}}, "person.shoe_size"),
        ({"person": DANA, "urls": DANA_SITE}, "urls"),
        ([DANA], "body"),
    ],
    ids=["no-person", "no-name", "empty-name", "unknown-field", "urls-not-a-list", "not-an-object"],
)
def test_invalid_requests_are_422_naming_the_field(
    client: FlaskClient, auth: dict[str, str], body: Any, named: str, assert_error: AssertError
) -> None:
    message = assert_error(post_run(client, auth, body), 422, "invalid_request")
    assert named in message


BAD_URLS = [
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    "ftp://files.northwind.test/report.pdf",
    "data:text/html,<script>alert(1)</script>",
    "http://",
    "northwind.test/team",
    # A port out of range or not a number was accepted with 202, and the run then failed.
    "https://northwind.test:99999/team",
    "https://northwind.test:abc/",
]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        pytest.param("Dana\x1b[2J\x1b[H Okafor", "Dana[2J[H Okafor", id="a screen-clearing escape"),
        pytest.param("Dana\x00 Okafor", "Dana Okafor", id="a NUL byte"),
        pytest.param("Dana\x1b]0;owned\x07 Okafor", "Dana]0;owned Okafor", id="a window-title sequence"),
        pytest.param("Dana\x9b31m Okafor", "Dana31m Okafor", id="a C1 control sequence introducer"),
    ],
)
def test_control_characters_in_names_and_context_are_stripped_at_the_edge(
    app: Flask,
    client: FlaskClient,
    auth: dict[str, str],
    wait_until_finished: WaitUntilFinished,
    given: str,
    kept: str,
) -> None:
    # Before: they were kept, and reached the terminal and the log as they came.
    person = {**DANA, "name": given, "company": f"Northwind{given[4:]}"}
    context = f"We spoke\x1b[8m at the summit\r\nlast year\t(notes: {given})"
    resp = post_run(client, auth, {"person": person, "context": context})
    run = wait_until_finished(app, resp.get_json()["run_id"])
    assert run["person"]["name"] == kept
    assert run["person"]["company"] == f"Northwind{kept[4:]}"
    request = storage.load_request(app.extensions["rapport.engine"], run["run_id"])
    assert request is not None
    assert request.context == f"We spoke[8m at the summit\nlast year\t(notes: {kept})"


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("where", ["urls", "exclude_urls", "pages"])
def test_only_http_urls_with_a_host_are_accepted(
    client: FlaskClient, auth: dict[str, str], url: str, where: str, assert_error: AssertError
) -> None:
    body: dict[str, Any] = {"person": DANA}
    body[where] = [{"url": url, "html": "<p>hi</p>"}] if where == "pages" else [url]
    message = assert_error(post_run(client, auth, body), 422, "invalid_request")
    assert url[:40] in message
    assert where in message


def test_a_captured_page_over_the_size_limit_is_refused(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    page = {"url": DANA_SITE, "html": "<p>" + "x" * 5000 + "</p>"}
    message = assert_error(post_run(client, auth, {"person": DANA, "pages": [page]}), 422, "invalid_request")
    assert "pages.0.html" in message
    assert "4096" in message


def test_a_body_over_the_request_limit_is_a_413(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    page = {"url": DANA_SITE, "html": "x" * (70 * 1024)}
    message = assert_error(
        post_run(client, auth, {"person": DANA, "pages": [page]}), 413, "payload_too_large"
    )
    assert str(64 * 1024) in message


def test_erasing_needs_an_email_or_a_name(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    message = assert_error(client.delete("/api/v1/contacts", headers=auth), 422, "invalid_request")
    assert "email or name" in message
    assert_error(client.delete("/api/v1/contacts?email=%20", headers=auth), 422, "invalid_request")
    assert_error(client.delete("/api/v1/contacts?phone=1", headers=auth), 422, "invalid_request")


def test_a_last_event_id_must_be_a_number(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    run_id = post_run(client, auth, {"person": DANA}).get_json()["run_id"]
    resp = client.get(f"/api/v1/runs/{run_id}/events", headers={**auth, "Last-Event-ID": "seven"})
    assert_error(resp, 400, "bad_request")


# --- One error shape for every failure -----------------------------------------------------------------


def test_unknown_run_is_a_404(client: FlaskClient, auth: dict[str, str], assert_error: AssertError) -> None:
    assert_error(client.get("/api/v1/runs/nope", headers=auth), 404, "run_not_found")
    assert_error(client.get("/api/v1/runs/nope/events", headers=auth), 404, "run_not_found")


def test_unknown_path_is_a_404(client: FlaskClient, auth: dict[str, str], assert_error: AssertError) -> None:
    assert_error(client.get("/api/v1/nothing-here", headers=auth), 404, "not_found")
    assert_error(client.get("/nothing-here", headers=auth), 404, "not_found")


def test_wrong_method_is_a_405_with_allow(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    resp = client.delete("/api/v1/health", headers=auth)
    assert_error(resp, 405, "method_not_allowed")
    assert "GET" in resp.headers["Allow"]
    assert_error(client.put("/api/v1/runs", headers=auth, json={}), 405, "method_not_allowed")


def test_an_unexpected_exception_is_a_500_that_leaks_nothing(
    make_app: Callable[..., Flask],
    caplog: pytest.LogCaptureFixture,
    assert_error: AssertError,
    no_research: Research,
) -> None:
    app = make_app(RESEARCH=no_research)

    def broken() -> str:
        raise RuntimeError("secret detail from deep inside")

    app.add_url_rule("/api/v1/broken", "broken", broken)
    message = assert_error(app.test_client().get("/api/v1/broken"), 500, "internal_error")
    assert "secret" not in message
    assert "secret detail from deep inside" in caplog.text  # the traceback goes to the log instead


# --- OpenAPI -------------------------------------------------------------------------------------------


def test_openapi_document_lists_every_route_with_its_models(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    resp = client.get("/api/v1/openapi.json", headers=auth)
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert {path: sorted(ops) for path, ops in paths.items()} == {
        "/api/v1/health": ["get"],
        "/api/v1/openapi.json": ["get"],
        "/api/v1/runs": ["get", "post"],
        "/api/v1/runs/{run_id}": ["get"],
        "/api/v1/runs/{run_id}/events": ["get"],
        "/api/v1/contacts": ["delete", "get"],
        "/api/v1/contacts/import": ["post"],
        "/api/v1/contacts/exchanges": ["post"],
        "/api/v1/renewals": ["get"],
        "/api/v1/renewals/start": ["post"],
        "/api/v1/renewals/decision": ["post"],
        "/api/v1/exclusions": ["delete", "get"],
        "/api/v1/runs/{run_id}/drafts": ["post"],
        "/api/v1/runs/{run_id}/refine": ["post"],
        "/api/v1/checks": ["post"],
        "/api/v1/runs/{run_id}/feedback": ["post"],
        "/api/v1/profile": ["get", "put"],
        "/api/v1/profile/gifts": ["post"],
    }
    schemas = doc["components"]["schemas"]
    body_ref = paths["/api/v1/runs"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref == "#/components/schemas/RunRequest"
    assert {"person"} <= set(schemas["RunRequest"]["required"])
    run_ref = paths["/api/v1/runs/{run_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert run_ref["schema"]["$ref"] == "#/components/schemas/Run"
    assert {"run_id", "status", "person"} <= set(schemas["Run"]["required"])
    assert {"facts", "sources", "generosity", "draft", "warnings"} <= set(schemas["Run"]["properties"])
    error_ref = paths["/api/v1/runs/{run_id}"]["get"]["responses"]["404"]["content"]["application/json"]
    assert error_ref["schema"]["$ref"] == "#/components/schemas/ErrorBody"
    # A user's token everywhere but health, saying where tokens come from.
    bearer = doc["components"]["securitySchemes"]["bearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer") and "users add" in bearer["description"]
    assert doc["security"] == [{"bearer": []}]
    assert paths["/api/v1/health"]["get"]["security"] == []
    assert "security" not in paths["/api/v1/runs"]["post"]


# --- CORS ----------------------------------------------------------------------------------------------


def preflight(client: FlaskClient, origin: str) -> TestResponse:
    return client.options(
        "/api/v1/runs",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_cors_preflight_allows_the_extension_to_send_the_token(client: FlaskClient) -> None:
    resp = preflight(client, EXTENSION)
    assert resp.status_code in (200, 204)
    assert resp.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    allowed = {h.strip().lower() for h in resp.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed
    assert "Origin" in resp.headers["Vary"]


def test_cors_answers_carry_the_origin_even_for_errors(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    ok = post_run(client, {**auth, "Origin": EXTENSION}, {"person": DANA})
    assert ok.status_code == 202
    assert ok.headers["Access-Control-Allow-Origin"] == EXTENSION
    # The extension must be able to read why it was refused.
    refused = client.get("/api/v1/runs/x", headers={"Origin": EXTENSION})
    assert_error(refused, 401, "unauthorized")
    assert refused.headers["Access-Control-Allow-Origin"] == EXTENSION


@pytest.mark.parametrize("origin", ["https://evil.test", "chrome-extension://someotherextensionid", "null"])
def test_cors_gives_other_origins_nothing(client: FlaskClient, auth: dict[str, str], origin: str) -> None:
    resp = preflight(client, origin)
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Access-Control-Allow-Headers" not in resp.headers
    resp = client.get("/api/v1/health", headers={"Origin": origin})
    assert resp.status_code == 200
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_no_cors_without_configured_origins(make_app: Callable[..., Flask], no_research: Research) -> None:
    client = make_app(RESEARCH=no_research).test_client()
    assert "Access-Control-Allow-Origin" not in preflight(client, EXTENSION).headers


def test_answers_are_json_in_contract_order(client: FlaskClient) -> None:
    text = client.get("/api/v1/health").get_data(as_text=True)
    assert list(json.loads(text)) == ["status", "version"]
