"""The run manager: research runs on a thread pool, or as jobs of the team's queue worked by worker processes;
their events are stored and followed by any thread of any process.

Every call names the user asking: a run, its events and drafts, the pages left out and the contacts erased
are that user's alone. Another user's run answers as a run that does not exist (its id tells nothing).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from server import storage
from server.errors import RapportError
from server.events import Event, RunEnd, RunEnded, RunEndedData
from server.models import (
    Checks,
    Dossier,
    Draft,
    Refinement,
    ResearchRequest,
    Run,
    RunRequest,
    RunStatus,
    Tone,
)
from server.records import ExcludedPage, RunSummary
from server.service.drafter import DraftStep, RefineStep
from server.service.flights import Flight, follow_flight, follow_stored
from server.writing import Drafting
from server.writing.check import check_draft
from server.writing.refine import CurrentDraft
from server.writing.thread import read_thread

if TYPE_CHECKING:  # procrastinate comes with the team deployment's extra only
    from server.service.queue import JobQueue

log = logging.getLogger(__name__)

Emit = Callable[[Event], None]
Research = Callable[[ResearchRequest, Emit], Dossier]

INTERRUPTED = "interrupted: the server stopped before this run ended; start it again"


# LookupError and RuntimeError stay as second bases, for callers that caught those before.
class RunNotFound(RapportError, LookupError):
    """No run with this id: it never existed or was erased."""

    def __init__(self, run_id: str):
        super().__init__(f"No run with id {run_id!r}: it never existed or was erased.")
        self.run_id = run_id


class RunBusy(RapportError, RuntimeError):
    """A re-draft asked of a run that is still researching."""


class ContactBusy(RapportError, RuntimeError):
    """Erasing a contact while one of their runs is still working would let the run write them back."""


class ExclusionNotFound(RapportError, LookupError):
    """Putting back a page that was not left out for this contact."""


def interrupted(exc: BaseException) -> bool:
    """Whether a run stopped because it could not be stored (the database lost, or the run claimed by
    another worker) rather than because of what it was doing."""
    return isinstance(exc, storage.ClaimLost) or storage.unreachable(exc)


def short_error(exc: BaseException, limit: int = 300) -> str:
    """What went wrong in one line, for the run JSON (the traceback goes to the log)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RunManager:
    """Starts runs, stores their progress and results, and lets listeners follow them."""

    def __init__(
        self,
        engine: Engine,
        research: Research,
        *,
        workers: int = 4,
        draft: DraftStep | None = None,
        refine: RefineStep | None = None,
        poll_seconds: float = 1.0,
        keepalive_seconds: float = 15.0,
        queue: JobQueue | None = None,
    ):
        self._engine = engine
        self._research = research
        self._draft = draft
        self._refine = refine
        self._poll = poll_seconds
        self._keepalive = keepalive_seconds
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="rapport-run")
        self._flights: dict[str, Flight] = {}
        # Guards _flights, and makes "start a run" and "erase a contact" exclusive of each other.
        self._lock = threading.Lock()
        self._queue = queue
        if queue is not None:  # the queue's workers own the runs: one a worker left is worked again
            return
        # One process owns its runs (the embedded default): what a stopped server left unfinished is dead.
        interrupted = storage.fail_unfinished_runs(engine, INTERRUPTED)
        if interrupted:
            log.warning("marked %d unfinished run(s) from an earlier start as failed", interrupted)

    # --- lifecycle

    def start(self, user_id: int, request: RunRequest | ResearchRequest) -> str:
        """Store a queued run of the user's and hand it to the pool; returns its id at once.

        The pages it leaves out are kept for its contact, and those left out before are left out again: a
        page marked "not this person" stays out of their research until the user puts it back.
        """
        run_id = uuid.uuid4().hex
        flight = Flight()
        person = request.person
        with self._lock:
            storage.exclude_pages(self._engine, user_id, person, request.exclude_urls)
            left_out = storage.excluded_pages(self._engine, user_id, person.email, person.name)
            request = request.model_copy(
                update={"exclude_urls": list(dict.fromkeys(p.url for p in left_out))}
            )
            storage.create_run(self._engine, user_id, run_id, request)
            if self._queue is None:
                self._flights[run_id] = flight
        try:
            if self._queue is not None:
                self._queue.defer(run_id)
            else:
                self._pool.submit(self._execute, user_id, run_id, request, flight)
        except Exception as exc:  # the pool is shut down (the server is stopping), or the queue unreachable
            with self._lock:
                self._flights.pop(run_id, None)
            storage.set_status(self._engine, run_id, "failed", short_error(exc))
            raise
        return run_id

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking runs; with wait, let the working ones finish (queued ones are cancelled)."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
        with self._lock:
            cancelled = list(self._flights.values())
        for flight in cancelled:  # queued runs that never started: their listeners stop waiting
            flight.publish(None)

    @property
    def queued_elsewhere(self) -> bool:
        """Runs are worked by the queue's worker processes, not this process's pool."""
        return self._queue is not None

    def work(self, run_id: str, claim: str, take_over: bool = True) -> None:
        """Work a queued run (a worker's job): the steps a worker before it did not store, then its end.

        A job is worked again when its worker died mid-run: research stored is drafted from, not fetched
        again; a draft stored is not written twice; events go on after the last one stored. The run is
        claimed first, so a worker before this one that is not dead after all stores nothing more of it
        (storage.ClaimLost, raised in that worker). A database lost mid-run raises (storage.unreachable):
        nothing of this attempt is stored past that point, and working the run again (with the same claim,
        not taking it over) goes on from there.
        """
        storage.claim_run(self._engine, run_id, claim, take_over=take_over)
        request = storage.load_request(self._engine, run_id)
        status = storage.run_status(self._engine, run_id)
        owner = storage.run_owner(self._engine, run_id)
        if request is None or owner is None or status in storage.FINISHED:
            return  # erased while it waited, or finished by a worker that died before saying so
        flight = Flight(seq=storage.last_event_seq(self._engine, run_id), claim=claim)
        self._execute(owner, run_id, request, flight, resume=True)

    def _execute(
        self, user_id: int, run_id: str, request: ResearchRequest, flight: Flight, resume: bool = False
    ) -> None:
        try:
            status, error, message = self._steps(user_id, run_id, request, flight, resume)
            self._finish(run_id, flight, status, error, message)
        except Exception as exc:
            if resume and interrupted(exc):
                raise  # its worker works it again, or another worker has it
            log.exception("could not store the end of run %s", run_id)
        finally:
            with self._lock:
                self._flights.pop(run_id, None)
            flight.publish(None)

    def _steps(
        self, user_id: int, run_id: str, request: ResearchRequest, flight: Flight, resume: bool
    ) -> tuple[RunEnd, str | None, str]:
        """Research (unless stored), then draft (unless stored); how the run ends: status, error, message."""

        def emit(item: Event) -> None:
            self._emit(run_id, flight, item)

        try:
            storage.set_status(self._engine, run_id, "running", claim=flight.claim)
            stored = storage.stored_steps(self._engine, run_id) if resume else storage.StoredSteps()
            if stored.research:
                dossier = storage.load_dossier(self._engine, run_id)
            else:
                dossier = self._research(request, emit)
                flight.raise_lost()  # research whose progress could not all be stored is not stored either
                # Stored before drafting starts, so a drafting failure never loses the research.
                storage.save_dossier(self._engine, run_id, dossier, claim=flight.claim)
            if self._draft is not None and getattr(request, "draft", True) and not stored.draft:
                run_request = self._with_sender(user_id, RunRequest.model_validate(request.model_dump()))
                self._save(run_id, self._draft(run_request, dossier, emit), claim=flight.claim)
            flight.raise_lost()
        except Exception as exc:
            if resume and interrupted(exc):
                raise
            log.exception("run %s failed", run_id)
            error = short_error(exc)
            return "failed", error, f"Run failed: {error}"
        return "done", None, "Run finished"

    def _with_sender(self, user_id: int, request: RunRequest) -> RunRequest:
        """The request as drafting reads it: its own sender profile, else the user's stored one."""
        sender = request.sender or storage.get_sender_profile(self._engine, user_id)
        return request.model_copy(update={"sender": sender})

    def redraft(self, user_id: int, run_id: str, packet: int, tone: Tone) -> Run:
        """Draft again from the stored research, around another packet or in another tone; no fetching."""
        dossier, request = self._research_of(user_id, run_id)
        if self._draft is None:
            raise RunBusy("This run has no research to draft from.")
        packets = self.get(user_id, run_id).generosity or None
        self._save(run_id, self._draft(request, dossier, None, packet=packet, tone=tone, packets=packets))
        return self.get(user_id, run_id)

    def refine(self, user_id: int, run_id: str, subject: str, body: str, change: Refinement) -> Draft:
        """Rewrite the user's draft of a run as asked, checked like any draft; nothing is stored."""
        dossier, request = self._research_of(user_id, run_id)
        run = self.get(user_id, run_id)
        if self._refine is None or not run.generosity:
            raise RunBusy("This run has no draft to refine.")
        packet = run.generosity[run.selected_packet or 0]
        fact_ids = run.draft.fact_ids if run.draft else []
        current = CurrentDraft(subject=subject, body=body, fact_ids=fact_ids)
        return self._refine(request, dossier, packet, run.tone or request.tone, current, change).draft

    def check(self, user_id: int, subject: str, body: str, run_id: str | None = None) -> Checks:
        """Check text the user wrote or edited, against the run's research when a run of theirs is named."""
        dossier, request = None, None
        if run_id is not None:
            self._own(user_id, run_id)
            dossier = storage.load_dossier(self._engine, run_id)
            request = storage.load_request(self._engine, run_id)
            if dossier is None or request is None:
                raise RunNotFound(run_id)
        sender = (request.sender if request else None) or storage.get_sender_profile(self._engine, user_id)
        context = request.context if request else None
        # The same reading of the thread as drafting's, so a run's draft scores here as it did there.
        today = date.today()
        name = dossier.person.name if dossier else None
        last = read_thread(context, name, today=today).last_exchange
        return check_draft(
            subject, body, dossier=dossier, sender=sender, context=context, today=today, last_exchange=last
        )

    def _research_of(self, user_id: int, run_id: str) -> tuple[Dossier, RunRequest]:
        """A finished run's stored research and request (its sender filled in), to draft from again."""
        self._own(user_id, run_id)
        status = self.status(run_id)
        if status not in storage.FINISHED:
            raise RunBusy("This run is still researching; draft again once it is done.")
        dossier = storage.load_dossier(self._engine, run_id)
        request = storage.load_request(self._engine, run_id)
        if dossier is None or request is None:
            raise RunBusy("This run has no research to draft from.")
        return dossier, self._with_sender(user_id, request)

    def record_feedback(self, user_id: int, run_id: str, subject: str, body: str) -> Checks:
        """Keep what the user finally sent, with how it checks: the measure of how good drafts were."""
        checks = self.check(user_id, subject, body, run_id)
        storage.save_feedback(self._engine, run_id, subject, body)
        return checks

    def _save(self, run_id: str, drafting: Drafting, claim: str | None = None) -> None:
        storage.save_drafting(
            self._engine,
            run_id,
            drafting.packets,
            drafting.draft,
            packet=drafting.selected_packet,
            tone=drafting.tone,
            usage=drafting.usage,
            warnings=drafting.warnings,
            claim=claim,
        )

    def _emit(self, run_id: str, flight: Flight, item: Event) -> None:
        # Research may emit from several threads: the lock keeps seq order and storage order the same.
        with flight.lock:
            if flight.lost is not None:
                return  # nothing more of this attempt is stored: its events would leave a gap
            numbered = item.model_copy(update={"seq": flight.seq + 1})
            try:
                storage.add_event(self._engine, run_id, numbered, claim=flight.claim)
            except Exception as exc:
                if not interrupted(exc):
                    raise
                flight.lost = exc  # the research goes on; the run ends by raising it (_steps)
                return
            flight.seq = numbered.seq
            flight.publish(numbered)

    def _finish(self, run_id: str, flight: Flight, status: RunEnd, error: str | None, message: str) -> None:
        with flight.lock:
            seq = flight.seq + 1
            last = RunEnded(seq=seq, type=status, message=message, data=RunEndedData(status=status))
            storage.finish_run(self._engine, run_id, status, error, last, claim=flight.claim)
            flight.seq = seq
            flight.publish(last)

    # --- reading

    def _own(self, user_id: int, run_id: str) -> None:
        """Raise RunNotFound unless the run is the user's: another's is answered as no run at all."""
        if storage.run_owner(self._engine, run_id) != user_id:
            raise RunNotFound(run_id)

    def get(self, user_id: int, run_id: str) -> Run:
        self._own(user_id, run_id)
        run = storage.get_run(self._engine, run_id)
        if run is None:
            raise RunNotFound(run_id)
        return run

    def status(self, run_id: str) -> RunStatus | None:
        return storage.run_status(self._engine, run_id)

    def follow(self, user_id: int, run_id: str, after_seq: int = 0) -> Iterator[Event | None]:
        """The run's events after after_seq, stored ones first then live ones, until the run ends.

        Yields None when nothing happened for keepalive_seconds (a tick for the caller's keep-alive).
        Raises RunNotFound now, not at the first next(), so a caller can answer 404 before streaming.
        """
        self._own(user_id, run_id)
        with self._lock:
            flight = self._flights.get(run_id)
        if flight is not None:
            return follow_flight(flight, after_seq, self._keepalive)
        return follow_stored(self._engine, run_id, after_seq, self._keepalive, self._poll)

    def recent(self, user_id: int, email: str | None, name: str | None, limit: int) -> list[RunSummary]:
        """The user's newest runs, about the contact when one is named."""
        return storage.recent_runs(self._engine, user_id, email, name, limit)

    # --- contacts

    def excluded_pages(self, user_id: int, email: str | None, name: str | None) -> list[ExcludedPage]:
        return storage.excluded_pages(self._engine, user_id, email, name)

    def put_back(self, user_id: int, email: str | None, name: str | None, url: str) -> list[ExcludedPage]:
        """Let research read a page left out for the contact again; returns the pages still left out."""
        if not storage.put_back(self._engine, user_id, email, name, url):
            raise ExclusionNotFound(f"{url} is not among the pages left out for this contact.")
        return storage.excluded_pages(self._engine, user_id, email, name)

    def erase_contact(self, user_id: int, email: str | None, name: str | None) -> dict[str, int]:
        """Erase the user's runs about a contact (by email or name) and all stored with them; the counts."""
        with self._lock:
            runs = storage.runs_for_contact(self._engine, user_id, email, name)
            busy = [
                run_id
                for run_id, status in runs
                if run_id in self._flights or (self._queue is not None and status not in storage.FINISHED)
            ]
            if busy:
                raise ContactBusy(
                    f"{len(busy)} run(s) about this contact are still working; erase again once they end."
                )
            # Before the runs: erasing them empties the write-ahead log of all that was erased.
            excluded = storage.erase_excluded_pages(self._engine, user_id, email, name)
            booked = storage.erase_book_entries(self._engine, email, name, user_id)
            counts = storage.erase_runs(self._engine, [run_id for run_id, _ in runs])
            return counts | {"excluded_pages": excluded, "contacts": booked}
