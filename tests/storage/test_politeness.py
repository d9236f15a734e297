"""The politeness a PostgreSQL deployment's processes share (on the test Postgres; skipped without one):
leases on a limited number of slots, each for a bounded time, and robots.txt rules kept until they expire."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from server import storage
from server.models import RobotsRecord

pytestmark = pytest.mark.parametrize("db_settings", ["postgres"], indirect=True)

KEY = "host busy.test"


def test_no_more_holders_than_slots_however_many_claim_at_once(engine: Engine) -> None:
    leases = storage.SqlLeases(engine)
    with ThreadPoolExecutor(max_workers=12) as pool:
        got = list(pool.map(lambda n: leases.claim(KEY, f"holder-{n}", 3, 60), range(12)))
    holders = [f"holder-{n}" for n, held in enumerate(got) if held]
    assert len(holders) == 3
    assert not leases.claim(KEY, "late", 3, 60)
    leases.release(KEY, "not-a-holder")
    assert not leases.claim(KEY, "late", 3, 60)
    leases.release(KEY, holders[0])
    assert leases.claim(KEY, "late", 3, 60)
    assert leases.claim("host other.test", "elsewhere", 3, 60)  # each key has its own slots


def test_a_lease_never_released_lapses_and_its_old_holder_cannot_free_the_new_one(engine: Engine) -> None:
    leases = storage.SqlLeases(engine)
    assert leases.claim(KEY, "dies", 1, 0.5)
    assert not leases.claim(KEY, "waits", 1, 60)
    time.sleep(0.6)
    assert leases.claim(KEY, "waits", 1, 60)
    leases.release(KEY, "dies")  # back too late: the slot is no longer its own
    assert not leases.claim(KEY, "third", 1, 60)


def test_robots_rules_are_kept_until_they_expire(engine: Engine) -> None:
    robots = storage.SqlRobots(engine)
    origin = "http://northwind.test/robots.txt"
    assert robots.get(origin) is None
    robots.put(origin, RobotsRecord(text="User-agent: *\nDisallow: /private\x00\n", ttl_seconds=60))
    kept = robots.get(origin)
    assert kept is not None and kept.text == "User-agent: *\nDisallow: /private\n"
    assert 0 < kept.ttl_seconds <= 60
    robots.put(origin, RobotsRecord(refusal="robots.txt unreachable", refusal_kind="failed", ttl_seconds=0.3))
    failed = robots.get(origin)
    assert failed is not None and (failed.text, failed.refusal_kind) == (None, "failed")
    time.sleep(0.4)
    assert robots.get(origin) is None
