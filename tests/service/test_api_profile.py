"""The sender's gifts through the API: an offer read into gifts for the user to review, and the profile
keeping the gifts as the user edited them."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.support.fixture_types import AssertError, Bearer
from tests.support.persona import SAM

NADIA_OFFER = (
    "DockFlow makes dock-appointment scheduling software for carriers. Nadia can also share DockFlow's "
    "anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals) and introduce people to cold-chain "
    "operators in her network."
)
REVIEWED = [
    {
        "kind": "resource",
        "what": "our 2026 Midwest Dwell-Time Benchmark",
        "topics": ["dwell time"],
        "url": None,
    },
    {"kind": "time", "what": "an afternoon at your Plainfield yard", "topics": ["yard"], "url": None},
]


@pytest.fixture
def app(make_app: Any, no_research: Any) -> Flask:
    return make_app(RESEARCH=no_research)


def test_an_offer_is_read_into_gifts_and_nothing_is_stored(
    app: Flask, bearer: Bearer, assert_error: AssertError
) -> None:
    client, auth = app.test_client(), bearer(app)
    resp = client.post(
        "/api/v1/profile/gifts", json={"offer": NADIA_OFFER, "company": "DockFlow"}, headers=auth
    )
    assert resp.status_code == 200
    gifts = resp.get_json()["gifts"]
    assert [(g["kind"], g["what"]) for g in gifts] == [
        ("resource", "our anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals)"),
        ("introduction", "cold-chain operators in my network"),
    ]
    assert "dwell time" in gifts[0]["topics"]
    assert_error(client.get("/api/v1/profile", headers=auth), 404, "profile_not_found")


def test_listed_resources_are_gifts_too_and_the_offer_does_not_repeat_them(
    app: Flask, bearer: Bearer
) -> None:
    body = {
        "offer": "I can share our streaming cost benchmark and a checklist for backfills.",
        "resources": SAM["resources"],
    }
    resp = app.test_client().post("/api/v1/profile/gifts", json=body, headers=bearer(app))
    assert [(g["kind"], g["what"], g["url"]) for g in resp.get_json()["gifts"]] == [
        ("resource", "Streaming cost benchmark", "https://atlas.test/streaming-benchmark"),
        ("resource", "a checklist for backfills", None),
    ]


def test_the_profile_keeps_the_gifts_as_the_user_edited_them(app: Flask, bearer: Bearer) -> None:
    client, auth = app.test_client(), bearer(app)
    assert client.put("/api/v1/profile", json={**SAM, "offer": NADIA_OFFER}, headers=auth).status_code == 200
    assert client.get("/api/v1/profile", headers=auth).get_json()["gifts"] is None  # not reviewed yet

    assert client.put("/api/v1/profile", json={**SAM, "gifts": REVIEWED}, headers=auth).status_code == 200
    assert client.get("/api/v1/profile", headers=auth).get_json()["gifts"] == REVIEWED
    # Every gift removed is a choice too: no gift at all, not the offer's again.
    assert client.put("/api/v1/profile", json={**SAM, "gifts": []}, headers=auth).status_code == 200
    assert client.get("/api/v1/profile", headers=auth).get_json()["gifts"] == []


BAD_READS = [
    ({"offer": "x" * 5001}, 422, "invalid_request"),
    ({"offer": 42}, 422, "invalid_request"),
    ({"offre": "I can share our benchmark"}, 422, "invalid_request"),
    ({"offer": "ok", "resources": [{"title": "No address"}]}, 422, "invalid_request"),
]


@pytest.mark.parametrize(
    ("body", "status", "code"), BAD_READS, ids=["too-long", "not-text", "typo", "resource"]
)
def test_a_bad_offer_to_read_says_what_is_wrong(
    app: Flask, bearer: Bearer, assert_error: AssertError, body: dict[str, Any], status: int, code: str
) -> None:
    assert_error(
        app.test_client().post("/api/v1/profile/gifts", json=body, headers=bearer(app)), status, code
    )


def test_reading_gifts_needs_json_and_the_token(
    app: Flask, bearer: Bearer, assert_error: AssertError
) -> None:
    client = app.test_client()
    assert_error(client.post("/api/v1/profile/gifts", json={"offer": "hi"}), 401, "unauthorized")
    sent_as_text = client.post("/api/v1/profile/gifts", data="offer", headers=bearer(app))
    assert_error(sent_as_text, 415, "unsupported_media_type")
    broken = client.post(
        "/api/v1/profile/gifts", data="{", headers={**bearer(app), "Content-Type": "application/json"}
    )
    assert_error(broken, 400, "invalid_json")


BAD_GIFTS = [
    [{"kind": "gift", "what": "our benchmark"}],
    [{"kind": "resource", "what": ""}],
    [{"kind": "resource"}],
    [{"kind": "resource", "what": "our benchmark", "topic": ["typo"]}],
]


@pytest.mark.parametrize("gifts", BAD_GIFTS, ids=["unknown-kind", "empty-what", "no-what", "typo"])
def test_a_profile_with_a_bad_gift_is_a_422_and_the_stored_gifts_are_kept(
    app: Flask, bearer: Bearer, assert_error: AssertError, gifts: list[dict[str, Any]]
) -> None:
    client, auth = app.test_client(), bearer(app)
    client.put("/api/v1/profile", json={**SAM, "gifts": REVIEWED}, headers=auth)
    assert_error(
        client.put("/api/v1/profile", json={**SAM, "gifts": gifts}, headers=auth), 422, "invalid_request"
    )
    assert client.get("/api/v1/profile", headers=auth).get_json()["gifts"] == REVIEWED
