"""Every table says whose its rows are: a user's own (OwnedByUser), a run's (so its user's), keyed by the
user, or shared. A table added without deciding fails here, before its rows can leak between users."""

from __future__ import annotations

from server import storage
from server.storage.tables import OwnedByUser

THROUGH_A_RUN = {"run_events", "facts", "sources", "drafts", "feedback"}  # run_id: the run's user's
KEYED_BY_USER = {"sender_profile"}  # its id is the user's id
# Public pages; the users themselves; the politeness every process of a deployment shares (robots.txt rules,
# leases on hosts' fetch slots).
SHARED = {"page_cache", "users", "robots_rules", "fetch_leases"}


def test_every_table_says_whose_its_rows_are() -> None:
    owned = {
        mapper.local_table.name
        for mapper in storage.Base.registry.mappers
        if issubclass(mapper.class_, OwnedByUser)
    }
    assert owned == {"runs", "excluded_pages", "contact_book"}
    decided = owned | THROUGH_A_RUN | KEYED_BY_USER | SHARED
    assert set(storage.Base.metadata.tables) == decided
    for name in owned:
        assert storage.Base.metadata.tables[name].c.user_id.index


def test_rows_reached_through_a_run_point_at_one() -> None:
    for name in THROUGH_A_RUN:
        (key,) = storage.Base.metadata.tables[name].c.run_id.foreign_keys
        assert key.target_fullname == "runs.id"
