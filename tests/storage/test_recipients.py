"""What is kept per recipient beyond one run: the pages left out for them, and their runs newest first."""

from __future__ import annotations

from sqlalchemy import Engine

from server import storage
from server.models import Dossier, Person, ResearchRequest, Source
from tests.support.persona import DANA_PERSON

# The default user: made first by the users migration, what single-user use stores under.
OWNER = 1

NAMESAKE = "http://sweetcrumb.test/about"


def test_a_page_left_out_is_kept_with_its_title_and_put_back_alone(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=DANA_PERSON))
    read = Source(url=NAMESAKE, title="About Sweet Crumb", status="used", subject="person")
    storage.save_dossier(engine, "r1", Dossier(person=DANA_PERSON, sources=[read]))
    storage.exclude_pages(engine, OWNER, DANA_PERSON, [NAMESAKE, "http://example.test/other"])
    storage.exclude_pages(engine, OWNER, DANA_PERSON, [NAMESAKE])  # marked again: still one mark

    left_out = storage.excluded_pages(engine, OWNER, DANA_PERSON.email, DANA_PERSON.name)
    assert {(page.url, page.title) for page in left_out} == {
        (NAMESAKE, "About Sweet Crumb"),
        ("http://example.test/other", None),
    }
    # Found by the email in any case; a namesake with another email has none.
    assert len(storage.excluded_pages(engine, OWNER, DANA_PERSON.email.upper(), None)) == 2
    assert storage.excluded_pages(engine, OWNER, "dana@sweetcrumb.test", "Dana Okafor") == []

    assert storage.put_back(engine, OWNER, DANA_PERSON.email, None, NAMESAKE) == 1
    assert [page.url for page in storage.excluded_pages(engine, OWNER, DANA_PERSON.email, None)] == [
        "http://example.test/other"
    ]
    assert storage.put_back(engine, OWNER, DANA_PERSON.email, None, NAMESAKE) == 0
    # Putting a page back touches nothing else stored about them.
    assert storage.get_run(engine, "r1").sources == [read]


def test_runs_are_listed_newest_first_for_a_contact_or_for_anyone(engine: Engine) -> None:
    miguel = Person(name="Miguel Santos", email="miguel.santos.ops@gmail.com")
    for run_id, person in (("a", DANA_PERSON), ("b", miguel), ("c", DANA_PERSON)):
        storage.create_run(engine, OWNER, run_id, ResearchRequest(person=person))
    assert [run.run_id for run in storage.recent_runs(engine, OWNER, None, None, 10)] == ["c", "b", "a"]
    assert [run.run_id for run in storage.recent_runs(engine, OWNER, None, None, 2)] == ["c", "b"]
    danas = storage.recent_runs(engine, OWNER, "DANA.OKAFOR@northwind.test", None, 10)
    assert [(run.run_id, run.name, run.status) for run in danas] == [
        ("c", "Dana Okafor", "queued"),
        ("a", "Dana Okafor", "queued"),
    ]
