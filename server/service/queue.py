"""The team deployment's job queue: each run a procrastinate job kept in the PostgreSQL database the runs
are stored in, worked by `python -m server worker` processes (README: "Team use" says why this engine).

The web tier only defers jobs (a synchronous connection, as its requests are); a worker works them on an
asyncio loop, each run in a thread of its own. Workers keep heartbeats; every worker also looks, as often as
it beats, for jobs held by a worker silent past the stalled timeout (killed, its machine gone) and queues them
again: the run's steps already stored are not done twice (RunManager.work).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import procrastinate
from sqlalchemy.engine import make_url

from server.config import Settings

log = logging.getLogger(__name__)

RUN_TASK = "rapport.run"
RUNS_QUEUE = "runs"

Work = Callable[[str], None]


def conninfo(database_url: str) -> str:
    """The libpq URL of a SQLAlchemy one (postgresql+psycopg://... -> postgresql://...)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class JobQueue:
    """Defers runs as jobs (any web process), and works them (a worker process)."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._conninfo = conninfo(settings.sqlalchemy_url)
        self._app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=self._conninfo))
        self._task = self._app.task(name=RUN_TASK, queue=RUNS_QUEUE)(self._run)
        self._work: Work | None = None
        self._app.open()

    def defer(self, run_id: str) -> None:
        """Queue the run; it is kept in the database until a worker has finished it."""
        self._task.defer(run_id=run_id)

    def close(self) -> None:
        self._app.close()

    def work(self, work: Work) -> None:
        """Work queued runs with work(run_id) until SIGINT or SIGTERM (a run working then is let finish)."""
        self._work = work
        asyncio.run(self._serve())

    def _run(self, run_id: str) -> None:
        if self._work is None:  # a web process never works jobs: only `server worker` sets this
            raise RuntimeError("this process defers runs; `python -m server worker` works them")
        self._work(run_id)

    async def _serve(self) -> None:
        settings = self._settings
        app = self._app.with_connector(procrastinate.PsycopgConnector(conninfo=self._conninfo))
        async with app.open_async():
            retrying = asyncio.create_task(self._retry_stalled(app), name="retry-stalled")
            try:
                await app.run_worker_async(
                    queues=[RUNS_QUEUE],
                    concurrency=settings.worker_concurrency,
                    update_heartbeat_interval=settings.queue_heartbeat_seconds,
                    stalled_worker_timeout=settings.queue_stalled_seconds,
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
