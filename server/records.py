"""What the service keeps about runs and recipients beyond one run's JSON: lists of runs, pages left out."""

from __future__ import annotations

from datetime import datetime

from server.models import Model, RunStatus


class RunSummary(Model):
    """One line of a list of runs: whom it was about, when, and how it went."""

    run_id: str
    status: RunStatus
    name: str
    email: str | None = None
    company: str | None = None
    created_at: datetime
    error: str | None = None


class ExcludedPage(Model):
    """A page the user marked "not this person" for a recipient: never read for them again until put back."""

    url: str
    title: str | None = None
    created_at: datetime
