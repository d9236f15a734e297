"""The renewal queue (embedded default): contacts due for renewal researched and drafted in the background,
a bounded number at a time, each as a run of the run manager (stored, with its events), never sent."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from sqlalchemy import Engine

from server import storage
from server.errors import RapportError
from server.models import RunRequest
from server.records import BookedContact, Contact, Renewal, RenewalDecision, RenewalsStarted
from server.service.contact_book import ContactBook, months_before
from server.service.runs import RunManager, RunNotFound

log = logging.getLogger(__name__)

LIVE = ("queued", "running")


class ContactNotFound(RapportError, LookupError):
    """A decision about an address that is not in the contact book."""


class Renewals:
    """Queues due contacts; `workers` threads each start one contact's run and wait for its end, so no more
    than that many renewals research at once, whatever the queue's length (the panel's runs go on beside)."""

    def __init__(
        self,
        engine: Engine,
        runs: RunManager,
        book: ContactBook,
        *,
        workers: int,
        renew_after_months: int,
        today: Callable[[], date] = date.today,
    ):
        self._engine = engine
        self._runs = runs
        self._book = book
        self._months = renew_after_months
        self._today = today
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rapport-renewal")
        self._waiting: set[tuple[int, str]] = set()  # (user, email) queued here, their run not started
        self._lock = threading.Lock()

    def start(self, user_id: int) -> RenewalsStarted:
        """Queue every due contact that has no run working, waiting, or a draft ready: safe to call again."""
        counts = {"queued": 0, "in_progress": 0, "ready": 0, "no_name": 0}
        with self._lock:
            due = self._due(user_id)
            outlines = self._outlines(user_id, due)
            for contact in due:
                waiting = (user_id, contact.email) in self._waiting
                state = self._state(contact, outlines.get(contact.renewal_run_id or ""), waiting)
                if state in ("waiting", "researching"):
                    counts["in_progress"] += 1
                elif state == "ready":
                    counts["ready"] += 1
                elif state == "no_name":
                    counts["no_name"] += 1
                elif self._runs.queued_elsewhere:  # the queue's workers bound how many work at once
                    self._begin(user_id, contact)
                    counts["queued"] += 1
                else:
                    self._waiting.add((user_id, contact.email))
                    self._pool.submit(self._renew, user_id, contact)
                    counts["queued"] += 1
        return RenewalsStarted(**counts)

    def list(self, user_id: int) -> list[Renewal]:
        """Contacts due, longest unheard first, with their renewal's state; not the snoozed or skipped."""
        due = self._due(user_id)
        outlines = self._outlines(user_id, due)
        with self._lock:  # read now, as the outlines were: a contact's run starts after its queued mark goes
            waiting = {email for user, email in self._waiting if user == user_id}
        return [
            self._renewal(contact, outlines.get(contact.renewal_run_id or ""), contact.email in waiting)
            for contact in due
        ]

    def decide(self, user_id: int, decision: RenewalDecision) -> None:
        """Snooze (the draft kept for later), skip this round, or mark done (written today)."""
        email, today = decision.email.strip().lower(), self._today()
        contact = storage.find_contact(self._engine, email, user_id)
        if contact is None:
            raise ContactNotFound(f"{email} is not in your contacts.")
        if decision.decision == "snooze":
            changes = {
                "run_id": contact.renewal_run_id,
                "paused_until": today + timedelta(days=decision.days),
            }
        elif decision.decision == "skip":
            changes = {"run_id": None, "paused_until": _months_after(today, self._months)}
        else:
            changes = {"run_id": None, "paused_until": None, "last_exchange": today}
        storage.set_renewal(self._engine, email, **changes, user_id=user_id)

    def shutdown(self) -> None:
        """Stop starting renewals; those waiting are dropped (nothing of them was stored)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    # --- the work

    def _begin(self, user_id: int, contact: BookedContact) -> str | None:
        """Start the contact's run and note it as their renewal's; None when it could not start."""
        try:
            if storage.find_contact(self._engine, contact.email, user_id) is None:
                return None  # erased while it waited: nothing about them is researched or stored again
            run_id = self._runs.start(user_id, _run_request(contact))
            storage.set_renewal(
                self._engine, contact.email, run_id=run_id, paused_until=None, user_id=user_id
            )
            return run_id
        except Exception:
            log.exception("could not start the renewal of a contact")
            return None

    def _renew(self, user_id: int, contact: BookedContact) -> None:
        try:
            run_id = self._begin(user_id, contact)
        finally:
            with self._lock:
                self._waiting.discard((user_id, contact.email))
        if run_id is None:
            return
        try:
            for _event in self._runs.follow(user_id, run_id):  # until the run ends: this worker's slot
                pass
        except RunNotFound:  # erased while it worked
            pass

    # --- reading

    def _due(self, user_id: int) -> list[BookedContact]:
        """Due and not paused: written to since (the extension saw the thread, or Done), they drop off."""
        today = self._today()
        return [
            contact
            for contact in storage.booked_contacts(self._engine, user_id)
            if not (contact.paused_until and contact.paused_until > today)
            and self._book.is_due(contact, today)
        ]

    def _outlines(self, user_id: int, contacts: list[BookedContact]) -> dict[str, storage.RunOutline]:
        """Their renewal runs in outline, in two queries however many they are (the view lists hundreds)."""
        run_ids = [contact.renewal_run_id for contact in contacts if contact.renewal_run_id]
        return storage.run_outlines(self._engine, user_id, run_ids)

    def _state(self, contact: BookedContact, run: storage.RunOutline | None, waiting: bool) -> str:
        """Where the contact's renewal stands: waiting (queued here, its run not started), its run's state."""
        if waiting:
            return "waiting"
        if not contact.name:
            return "no_name"
        status = run.status if run else None
        if status == "queued" and self._runs.queued_elsewhere:  # a job no worker has taken yet
            return "waiting"
        if status in LIVE:
            return "researching"
        return {"done": "ready", "failed": "failed"}.get(status or "", "due")

    def _renewal(self, contact: BookedContact, run: storage.RunOutline | None, waiting: bool) -> Renewal:
        state = self._state(contact, run, waiting)
        found = Renewal(
            contact=Contact(**contact.model_dump(include=set(Contact.model_fields))),
            state=state,
            run_id=contact.renewal_run_id if run else None,
        )
        if state in ("ready", "failed") and run:
            found = found.model_copy(
                update={"idea": run.idea, "subject": run.subject, "body": run.body, "error": run.error}
            )
        return found


def _run_request(contact: BookedContact) -> RunRequest:
    """What a panel run about them would ask: who they are, and what the book knows of the relationship."""
    known = []
    # Worded as drafting's reading of a thread takes it: news older than this is not told as news.
    if contact.last_exchange:
        known.append(f"We last spoke on {contact.last_exchange.strftime('%B %-d, %Y')}.")
    if contact.note:
        known.append(contact.note)
    person = {"name": contact.name, "email": contact.email, "company": contact.company}
    return RunRequest.model_validate({"person": person, "context": " ".join(known) or None})


def _months_after(day: date, months: int) -> date:
    return months_before(day, -months)
