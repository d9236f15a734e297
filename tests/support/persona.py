"""The example persona the tests write to, Dana Okafor of the fixture web, and the sender, Sam Lee."""

# Dana's pages are under tests/fixtures/web/ (danaokafor.test, northwind.test, datasummit.test); a test
# that needs her otherwise (another title, more pages, a namesake) builds on these and says why.

from __future__ import annotations

from typing import Any

from server.models import Person

DANA_NAME = "Dana Okafor"
DANA_EMAIL = "dana.okafor@northwind.test"
# The person as the API, the CLI and the extension take her: a name and an email.
DANA: dict[str, Any] = {"name": DANA_NAME, "email": DANA_EMAIL}
DANA_PERSON = Person(name=DANA_NAME, email=DANA_EMAIL)
DANA_SITE = "http://danaokafor.test/"
DANA_TALK = "http://datasummit.test/2026/speakers"
# Her own site and this year's talk: enough for research to find her role, her writing and her talk.
DANA_URLS = [DANA_SITE, DANA_TALK]
DANA_RUN: dict[str, Any] = {"person": DANA, "urls": DANA_URLS}

# The sender profile as PUT /api/v1/profile and `--sender FILE` take it.
SAM: dict[str, Any] = {
    "name": "Sam Lee",
    "role": "Founder",
    "company": "Atlas Labs",
    "offer": "Benchmarks of streaming data stacks",
    "interests": ["streaming", "data engineering"],
    "resources": [
        {
            "title": "Streaming cost benchmark",
            "url": "https://atlas.test/streaming-benchmark",
            "topics": ["streaming", "pipelines"],
        }
    ],
}

# An email a language model might write to Dana from her research, for tests with the tests' LLM server.
DANA_LLM_DRAFT = (
    "Hi Dana,\n\nCongratulations on the new role leading data engineering at Northwind Analytics. The "
    "streaming platform your team runs sounds like exactly the kind of work that makes forecasts useful "
    "to the people who read them every morning. I have notes from a similar move that you are welcome "
    "to, if they would help the team at all.\n\nYou know what I do: if I can ever be useful, tell me."
    "\n\nBest,\nAlex"
)
