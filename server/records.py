"""What the service's API takes and lists beyond a run itself: the bodies of its smaller requests (re-draft,
refine, check, feedback), lists of runs, pages left out, and the contact book."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from server.models import Model, Refinement, RunStatus, Tone


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


class RedraftRequest(Model):
    packet: int = Field(ge=0, le=20)
    tone: Tone = "warm"


class RefineRequest(Model):
    """The draft as the user has it now (edits included), and how the LLM should rewrite it."""

    subject: str = Field(default="", max_length=1000)
    body: str = Field(min_length=1, max_length=20_000)
    change: Refinement


class CheckRequest(Model):
    """Text the user edited, checked against the run's research when a run is named."""

    subject: str = Field(default="", max_length=1000)
    body: str = Field(max_length=20_000)
    run_id: str | None = Field(default=None, max_length=64)


class FeedbackRequest(Model):
    """What the user finally sent (or kept), to learn which drafts were good enough."""

    subject: str = Field(default="", max_length=1000)
    body: str = Field(min_length=1, max_length=20_000)


# --- The contact book --------------------------------------------------------------------------------


class Contact(Model):
    """Someone in the user's contact book, by their email (lower-cased); when the two last exchanged mail."""

    email: str
    name: str | None = None
    company: str | None = None
    last_exchange: date | None = None
    note: str | None = None


class BookedContact(Contact):
    """A contact as the book keeps them for renewal: the run drafting for them, and a snooze or skip's end."""

    renewal_run_id: str | None = None
    paused_until: date | None = None


class BadRow(Model):
    """A row (or vCard) of an imported file that was left out: the line it starts on, and why."""

    line: int
    reason: str


class ImportReport(Model):
    """What importing a contacts file did: new contacts, ones updated (matched by email), rows left out."""

    imported: int
    updated: int
    bad: list[BadRow]


class ExchangeSeen(Model):
    """The date of the last message of a thread the user opened with someone: the address and the day only."""

    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    last_exchange: date


# --- Renewals ------------------------------------------------------------------------------------------

# due: nothing started; waiting: queued behind others; researching: its run is working; ready: a draft to
# review; failed: its run failed (starting renewals again retries it); no_name: a name is needed to research.
RenewalState = Literal["due", "waiting", "researching", "ready", "failed", "no_name"]


class Renewal(Model):
    """A contact due for renewal, where their run stands, and its draft once ready (never sent)."""

    contact: Contact
    state: RenewalState
    run_id: str | None = None
    idea: str | None = None  # the draft's idea: the news found and the gift it leads to
    subject: str | None = None
    body: str | None = None
    error: str | None = None


class RenewalsStarted(Model):
    """What starting renewals did: contacts queued now, and those left as they were (and why)."""

    queued: int
    in_progress: int
    ready: int
    no_name: int


class RenewalDecision(Model):
    """The user's word on a renewal: snooze it some days, skip it this round, or mark it done (written)."""

    email: str = Field(min_length=3, max_length=320)
    decision: Literal["snooze", "skip", "done"]
    days: int = Field(default=7, ge=1, le=365)  # for snooze
