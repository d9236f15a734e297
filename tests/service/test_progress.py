"""A command-line run's progress at a terminal: a few lines with the seconds so far, pages counted."""

from __future__ import annotations

from server.events import (
    DiscoverStarted,
    DiscoverStartedData,
    FactsDone,
    FactsDoneData,
    PageFailed,
    PageFailedData,
    PageRead,
    PageReadData,
    RunStarted,
    RunStartedData,
)
from server.service.progress import Progress
from tests.support.persona import DANA_PERSON, DANA_SITE

MISSING = "http://danaokafor.test/gone"


class Clock:
    """Seconds that pass when the test says so."""

    seconds = 0.0

    def __call__(self) -> float:
        return self.seconds


def test_a_slow_read_shows_a_running_count_every_few_seconds_not_a_line_per_page() -> None:
    clock = Clock()
    lines: list[str] = []
    progress = Progress(lines.append, clock=clock)
    progress(RunStarted(message="Researching", data=RunStartedData(person=DANA_PERSON)))
    progress(
        DiscoverStarted(message="Starting", data=DiscoverStartedData(urls=[DANA_SITE, MISSING], captured=[]))
    )
    for seconds, event in [
        (1.0, PageRead(message="Read", data=PageReadData(url=DANA_SITE, from_cache=False, hop=0))),
        (
            2.0,
            PageFailed(message="404", data=PageFailedData(url=MISSING, status="failed", reason="404", hop=0)),
        ),
        (6.5, PageRead(message="Read", data=PageReadData(url=DANA_SITE + "about", from_cache=False, hop=1))),
        (7.0, PageRead(message="Read", data=PageReadData(url=DANA_SITE + "talks", from_cache=False, hop=1))),
        (7.2, FactsDone(message="Facts", data=FactsDoneData(count=4, person=DANA_PERSON))),
    ]:
        clock.seconds = seconds
        progress(event)
    assert lines == [
        "   0.0s  researching Dana Okafor, starting from 2 pages",
        "   6.5s  read 2 pages, 1 failed so far",
        "   7.2s  read 3 pages, 1 failed: 4 facts about Dana Okafor",
    ]
