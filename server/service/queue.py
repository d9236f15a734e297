"""The team deployment's job queue: each run a procrastinate job kept in the PostgreSQL database the runs
are stored in, worked by `python -m server worker` processes (README: "Team use" says why this engine).

The web tier only defers jobs (a synchronous connection, as its requests are); a worker works them on an
asyncio loop, each run in a thread of its own. Workers keep heartbeats; every worker also looks, as often as
it beats, for jobs held by a worker silent past the stalled timeout (killed, its machine gone) and queues them
again: the run's steps already stored are not done twice (RunManager.work), and the silent worker, should it
wake, stores nothing more of the run (its claim is gone).

The database going away (a restart, a network cut) loses nothing: queued jobs are rows in it; a run under
way when it went is worked again by its worker once it is back, from its stored steps; and the worker, whose
heartbeat then failed, starts serving again rather than exiting.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
import uuid
from collections.abc import Callable
from contextlib import suppress

import procrastinate
from procrastinate.exceptions import ConnectorException
from sqlalchemy.engine import make_url

from server import storage
from server.config import Settings
from server.errors import StorageUnavailable

log = logging.getLogger(__name__)

RUN_TASK = "rapport.run"
RUNS_QUEUE = "runs"
# A run interrupted by the database is tried again after a pause doubling from one heartbeat up to this,
# this many times (about ten minutes in all at the default heartbeat) before its job fails.
LONGEST_PAUSE_SECONDS = 60.0
INTERRUPTED_ATTEMPTS = 15
POLL_SECONDS = 5.0  # procrastinate's own default

# work(run_id, claim, take_over): RunManager.work
Work = Callable[[str, str, bool], None]


def conninfo(database_url: str) -> str:
    """The libpq URL of a SQLAlchemy one (postgresql+psycopg://... -> postgresql://...)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class JobQueue:
    """Defers runs as jobs (any web process), and works them (a worker process)."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._conninfo = conninfo(settings.sqlalchemy_url)
        # procrastinate's pools check each connection as they hand it out: after a database restart, the first
        # defer gets a live connection rather than the dead one the pool kept.
        self._app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=self._conninfo))
        self._task = self._app.task(name=RUN_TASK, queue=RUNS_QUEUE)(self._run)
        self._work: Work | None = None
        self._app.open()

    def defer(self, run_id: str) -> None:
        """Queue the run; it is kept in the database until a worker has finished it."""
        try:
            self._task.defer(run_id=run_id)
        except ConnectorException as exc:
            raise StorageUnavailable(f"The queue could not take the run ({exc}); try again shortly.") from exc

    def close(self) -> None:
        self._app.close()

    def work(self, work: Work) -> None:
        """Work queued runs with work(run_id, claim, take_over) until SIGINT or SIGTERM (a run working then is
        let finish)."""
        self._work = work
        asyncio.run(self._serve())

    def _run(self, run_id: str) -> None:
        """A job: work the run; should the database go away meanwhile, work it again once it is back."""
        if self._work is None:  # a web process never works jobs: only `server worker` sets this
            raise RuntimeError("this process defers runs; `python -m server worker` works them")
        pause, claim = self._settings.queue_heartbeat_seconds, uuid.uuid4().hex
        for attempt in range(1, INTERRUPTED_ATTEMPTS + 1):
            try:
                # Handed the job, this worker takes the run over; working it again, it keeps it only if
                # no other worker took it meanwhile.
                self._work(run_id, claim, attempt == 1)
                return
            except storage.ClaimLost:
                log.warning(
                    "run %s: another worker has it now (this one was silent too long); left to it", run_id
                )
                return
            except Exception as exc:
                if not storage.unreachable(exc) or attempt == INTERRUPTED_ATTEMPTS:
                    raise
                log.warning(
                    "run %s: the database went away (%s); working it again in %g s", run_id, exc, pause
                )
            time.sleep(pause)
            pause = min(2 * pause, LONGEST_PAUSE_SECONDS)

    async def _serve(self) -> None:
        """Serve the queue until SIGINT or SIGTERM; a worker stopped by the database going away (its heartbeat
        or its poll failed) starts again, on new connections, after a heartbeat's pause."""
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
        pause = self._settings.queue_heartbeat_seconds
        while not stopping.is_set():
            serving = asyncio.create_task(self._serve_once(), name="worker")
            stopped = asyncio.create_task(stopping.wait())
            await asyncio.wait({serving, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if stopping.is_set():
                serving.cancel()  # procrastinate stops taking jobs and lets the running ones finish
                with suppress(asyncio.CancelledError):
                    await serving
                return
            stopped.cancel()
            problem = serving.exception()
            log.warning(
                "the worker stopped (%s); serving the queue again in %g s",
                problem or "the database went away",
                pause,
            )
            with suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), pause)

    async def _serve_once(self) -> None:
        settings = self._settings
        # A connection is waited for no longer than a worker may be silent: past that, the database is down
        # for longer than a restart, and _serve starts again on new connections once it is back.
        connector = procrastinate.PsycopgConnector(
            conninfo=self._conninfo, timeout=settings.queue_stalled_seconds
        )
        app = self._app.with_connector(connector)
        async with app.open_async():
            retrying = asyncio.create_task(self._retry_stalled(app), name="retry-stalled")
            try:
                await app.run_worker_async(
                    queues=[RUNS_QUEUE],
                    concurrency=settings.worker_concurrency,
                    update_heartbeat_interval=settings.queue_heartbeat_seconds,
                    stalled_worker_timeout=settings.queue_stalled_seconds,
                    # New jobs come by LISTEN/NOTIFY at once; a stalled one queued again comes by this poll.
                    fetch_job_polling_interval=min(POLL_SECONDS, settings.queue_heartbeat_seconds),
                    install_signal_handlers=False,  # _serve's: it tells a stop asked from one by the database
                )
            finally:
                retrying.cancel()

    async def _retry_stalled(self, app: procrastinate.App) -> None:
        """Queue again the jobs of workers silent past the stalled timeout, checking at each heartbeat."""
        settings = self._settings
        while True:
            await asyncio.sleep(settings.queue_heartbeat_seconds)
            try:
                stalled = await app.job_manager.get_stalled_jobs(
                    queue=RUNS_QUEUE, seconds_since_heartbeat=settings.queue_stalled_seconds
                )
                for job in stalled:
                    log.warning(
                        "run %s: its worker stopped answering; queued again", job.task_kwargs.get("run_id")
                    )
                    await app.job_manager.retry_job(job)
            except Exception as exc:  # another worker queued it again first, or the database restarts
                log.warning("could not queue again the runs of a stalled worker (next beat retries): %s", exc)
