"""The team deployment working a renewal batch: wall time with 1, 2 and 4 workers, their memory, GET latency.

    python bench/team.py [--contacts 500] [--workers 1,2,4] [--latency 0.2]

The topology of `make team` (README: "Team use"), all on 127.0.0.1: PostgreSQL (a throwaway cluster of the
bench's own in a temporary folder, or a database of its own on RAPPORT_TEST_POSTGRES_URL's server), the web
tier under gunicorn (threaded processes) and N `python -m server worker` processes, each working
RAPPORT_WORKER_CONCURRENCY runs (default 4). The web they research is the fixture web of tests/, served with
latency per request, cloned once per five contacts with every *.test host renamed (northwind.test ->
northwind-c17.test): each contact is another person on other sites, so neither the page cache nor the
per-host limits make one run the cheap copy of another. The contacts are imported as a CSV, then renewals
are started; the batch's wall time runs from that start until every renewal is ready or failed, while a
reader asks GET /renewals over HTTP as the panel's Renewals view does (2 s after each answer) and opens runs
meanwhile (GET /runs/<id>). Each worker count gets a fresh database.

Errors are failed runs, answers other than 2xx, and tracebacks in the workers' or the web tier's logs. The
workers' CPU time and how busy the machine's CPUs were tell a network-bound batch from a CPU-bound one.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.spread import spread  # noqa: E402
from server.storage.tables import RunRow  # noqa: E402
from tests.fixture_web import CLOSED_PORT, WEB_ROOT, FixtureWeb, free_port  # noqa: E402
from tests.support.command_line import environment  # noqa: E402
from tests.support.postgres_cluster import Cluster, binaries, unavailable  # noqa: E402
from tests.support.team import PEOPLE, fresh_database, stop_processes  # noqa: E402

WEB_PROCESSES = 3  # as `make team`
READ_EVERY_S = 2.0  # the panel's Renewals view asks again this long after each answer (renewals.js)
BATCH_DEADLINE_S = 3600  # a batch not finished by then is reported with its runs not ready
OPENS_PER_READ = 4  # runs the reader opens between two reads of the list
START_TIMEOUT_S = 900  # starting renewals runs every due contact's start in the request: give it time
# A host's last label, also inside a URL-encoded address ("%2Fnorthwind.test": "2Fnorthwind" is renamed).
HOST = re.compile(rb"\b([a-z0-9-]+)\.test\b", re.IGNORECASE)
Postgres = tuple[str, list[int]]  # an admin URL (database "postgres"), the server's process when it is ours
CPUS = os.cpu_count() or 1
CHAINED = ("The above exception was the direct cause", "During handling of the above exception")
# Settings a reader may vary between measurements; every other RAPPORT_ variable of this shell is left out.
PASSED_ON = ("RAPPORT_WORKER_CONCURRENCY", "RAPPORT_PER_HOST_CONCURRENCY", "RAPPORT_FETCH_CONCURRENCY")


@dataclass
class Batch:
    workers: int
    wall_s: float = 0.0
    start_s: float = 0.0  # POST /renewals/start's own answer time
    states: dict[str, int] = field(default_factory=dict)
    gets: dict[str, list[float]] = field(default_factory=lambda: {"renewals": [], "run": []})
    problems: Counter[str] = field(default_factory=Counter)  # runs not ready, answers not 2xx, tracebacks
    peak_rss_mb: list[float] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU time in the batch: workers, web tier, ...
    machine_busy: float = 0.0  # share of all CPUs' time, every process on the machine counted
    logs: Path | None = None  # where the logs of a batch with errors are kept

    @property
    def errors(self) -> int:
        return sum(self.problems.values())

    def ours(self, cpus: int) -> float:
        """The share of the CPUs' time in the batch that the team's processes and the bench's used."""
        return sum(self.cpu_s.values()) / (self.wall_s * cpus)


# --- the synthetic web


def clone_web(into: Path, clones: int) -> None:
    """The fixture web `clones` times, each clone's *.test hosts renamed (folders and every text file)."""
    sites = [site for site in WEB_ROOT.iterdir() if site.is_dir()]
    for n in range(clones):
        suffix = f"-c{n}".encode()
        for site in sites:
            for source in site.rglob("*"):
                if not source.is_file():
                    continue
                target = into / rename(str(source.relative_to(WEB_ROOT)).encode(), suffix).decode()
                target.parent.mkdir(parents=True, exist_ok=True)
                data = source.read_bytes()
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:  # a PDF: renaming would break its offsets, and no link is read
                    target.write_bytes(data)
                else:
                    target.write_bytes(rename(data, suffix))


def rename(text: bytes, suffix: bytes) -> bytes:
    return HOST.sub(lambda m: m.group(1) + suffix + b".test", text)


def contacts_csv(count: int) -> str:
    """Name,Email rows: the people found from their work address, clone after clone; no date, so all due."""
    rows = []
    for n in range(count):
        name, local, domain = PEOPLE[n % len(PEOPLE)]
        host = domain.removesuffix(".test") + f"-c{n // len(PEOPLE)}.test"
        rows.append(f"{name},{local}@{host}\n")
    return "Name,Email\n" + "".join(rows)


# --- PostgreSQL


@contextmanager
def postgres_admin(server_url: str | None) -> Iterator[Postgres]:
    """RAPPORT_TEST_POSTGRES_URL's server when it is set (its processes not measured: they may be another
    machine's), else a throwaway cluster: an admin URL and the server's process."""
    if server_url:
        yield make_url(server_url).set(database="postgres").render_as_string(hide_password=False), []
        return
    bin_dir = binaries()
    assert bin_dir is not None
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        yield cluster.url, [cluster.postmaster_pid]
    finally:
        cluster.remove()


# --- processes


def cpu_seconds(pids: list[int]) -> float:
    """User and system time so far of these processes, of their children reaped and of their live
    descendants (a gunicorn master's processes, PostgreSQL's backends)."""
    stats, children = {}, {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        stats[int(path.parent.name)] = fields
        children.setdefault(int(fields[1]), []).append(int(path.parent.name))
    ticks, todo = 0, list(pids)
    while todo:
        pid = todo.pop()
        if pid in stats:
            ticks += sum(int(t) for t in stats[pid][11:15])  # utime, stime, cutime, cstime
            todo += children.get(pid, [])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[int, int]:
    """(busy, total) ticks of all the machine's CPUs so far."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def wait_until(what: str, ready: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"still waiting after {timeout} s for {what}")
        time.sleep(0.2)


# --- one batch


def team_environment(home: Path, web: FixtureWeb, database_url: str) -> dict[str, str]:
    """What every process of the team shares: the database, the queue, the fixture web and nothing else."""
    return (
        environment(home, web)
        | {
            "DATABASE_URL": database_url,
            "RAPPORT_QUEUE": "postgres",
            "RAPPORT_CONNECT_TO": f"{web.connect_to},{CLOSED_PORT}",
        }
        | {key: os.environ[key] for key in PASSED_ON if key in os.environ}
    )


def run_batch(workers: int, contacts: int, web: FixtureWeb, postgres: Postgres, tmp: Path) -> Batch:
    batch, home = Batch(workers), tmp / f"instance-{workers}"
    admin_url, postgres_pids = postgres
    with fresh_database(admin_url, f"rapport_bench_team_{os.getpid()}_{workers}") as database_url:
        env = team_environment(home, web, database_url)
        # Upgrades the database before the processes start, as deploy/team does, and makes the token.
        command = [sys.executable, "-m", "server", "token"]
        token = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True).stdout.decode()
        port, logs = free_port(), [tmp / f"web-{workers}.log"]
        logs += [tmp / f"worker-{workers}-{n}.log" for n in range(workers)]
        processes = start_team(port, workers, env, logs)
        engine = create_engine(database_url)
        base, headers = f"http://127.0.0.1:{port}/api/v1", {"Authorization": f"Bearer {token.strip()}"}
        groups = {"workers": [p.pid for p in processes[1:]], "web tier": [processes[0].pid]}
        groups |= {"PostgreSQL": postgres_pids} if postgres_pids else {}
        try:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                wait_until("the web tier", lambda: answers(client, "/health"))
                wait_until("the workers", lambda: registered(engine) == workers)
                book = {"file": ("book.csv", io.BytesIO(contacts_csv(contacts).encode()), "text/csv")}
                imported = client.post("/contacts/import", files=book).raise_for_status().json()
                assert imported["imported"] == contacts and not imported["bad"], imported
                work(batch, client, engine, groups)
            batch.peak_rss_mb = [peak_rss_mb(pid) for pid in groups["workers"]]  # just before they stop
        finally:
            stop_processes(processes, timeout=30)
            engine.dispose()
    keep_logs(batch, logs)
    return batch


def start_team(
    port: int, workers: int, env: dict[str, str], logs: list[Path]
) -> list[subprocess.Popen[bytes]]:
    """The web tier under gunicorn (as deploy/team starts it), then the workers; each one's stderr a log."""
    web_tier = [sys.executable, "-m", "gunicorn", "--workers", str(WEB_PROCESSES), "--worker-class"]
    web_tier += ["gthread", "--threads", "16", "--bind", f"127.0.0.1:{port}", "server.app:create_app()"]
    commands = [web_tier] + [[sys.executable, "-m", "server", "worker"]] * workers
    processes = []
    for command, log in zip(commands, logs, strict=True):
        with log.open("wb") as stderr:
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=stderr))
    return processes


def keep_logs(batch: Batch, logs: list[Path]) -> None:
    """Each traceback of the logs is an error; a batch with errors keeps its logs past the bench's
    temporary folder, for the reader to look into."""
    for log in logs:
        batch.problems.update(f"{log.stem}: {end}" for end in tracebacks(log.read_text(errors="replace")))
    if batch.errors:
        batch.logs = Path(tempfile.mkdtemp(prefix=f"rapport-bench-team-logs-{batch.workers}-"))
        for log in logs:
            shutil.copy(log, batch.logs)


def work(batch: Batch, client: httpx.Client, engine: Engine, groups: dict[str, list[int]]) -> None:
    """Start the renewals and wait until every one is ready or failed (the database asked every half
    second), while a reader polls as the panel does; the CPU time each group of processes used meanwhile."""
    cpu_before = {name: cpu_seconds(pids) for name, pids in groups.items()}
    own_before, machine_before = time.process_time(), machine_cpu()
    finished = threading.Event()
    reader = threading.Thread(target=read_along, args=(batch, client, finished))
    started = time.perf_counter()
    reader.start()
    try:
        answer = client.post("/renewals/start", timeout=START_TIMEOUT_S)
        batch.start_s = time.perf_counter() - started
        answer.raise_for_status()
        deadline = started + BATCH_DEADLINE_S
        while unfinished(engine) and time.perf_counter() < deadline:
            time.sleep(0.5)
        batch.wall_s = time.perf_counter() - started
    finally:
        finished.set()
        reader.join()
    batch.cpu_s = {name: cpu_seconds(pids) - cpu_before[name] for name, pids in groups.items()}
    batch.cpu_s["fixture web and client"] = time.process_time() - own_before
    (busy_before, total_before), (busy, total) = machine_before, machine_cpu()
    batch.machine_busy = (busy - busy_before) / max(1, total - total_before)
    for renewal in client.get("/renewals", timeout=START_TIMEOUT_S).json()["renewals"]:
        batch.states[renewal["state"]] = batch.states.get(renewal["state"], 0) + 1
        if renewal["state"] != "ready":
            batch.problems[f"renewal {renewal['state']}: {renewal['error']}"] += 1


def unfinished(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(RunRow.status.in_(("queued", "running")))).scalar_one()


def read_along(batch: Batch, client: httpx.Client, finished: threading.Event) -> None:
    """A user with the Renewals view open: GET /renewals READ_EVERY_S after each answer (as the panel does),
    opening a run now and then meanwhile (GET /runs/<id>), until the batch is finished."""
    chance, run_ids = random.Random(0), []
    with httpx.Client(base_url=client.base_url, headers=client.headers, timeout=60) as own:  # one a thread
        while not finished.is_set():
            renewals = timed_get(batch, own, "renewals", "/renewals")
            if renewals is not None:
                run_ids = [r["run_id"] for r in renewals["renewals"] if r["run_id"]] or run_ids
            for _ in range(OPENS_PER_READ):
                if finished.wait(READ_EVERY_S / OPENS_PER_READ):
                    return
                if run_ids:
                    timed_get(batch, own, "run", f"/runs/{chance.choice(run_ids)}")


def timed_get(batch: Batch, client: httpx.Client, route: str, path: str) -> dict | None:
    sent = time.perf_counter()
    try:
        answer = client.get(path)
    except httpx.HTTPError as exc:
        batch.problems[f"GET {route}: {type(exc).__name__}"] += 1
        return None
    batch.gets[route].append(time.perf_counter() - sent)
    if not answer.is_success:
        batch.problems[f"GET {route}: {answer.status_code}"] += 1
        return None
    return answer.json()


def tracebacks(log: str) -> list[str]:
    """The exception line that ends each traceback of a log; a chain of exceptions counts once (its last)."""
    lines, ends = [line for line in log.splitlines() if line.strip()], []
    for n, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            tail = [later for later in lines[n + 1 :] if not later.startswith(" ")] + ["", ""]
            if not tail[1].startswith(CHAINED):
                ends.append(tail[0] or "a traceback cut short")
    return ends


def answers(client: httpx.Client, path: str) -> bool:
    try:
        return client.get(path).is_success
    except httpx.HTTPError:
        return False


def registered(engine: Engine) -> int:
    """Workers that have said they are up (procrastinate's table of live workers)."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(sql("procrastinate_workers"))).scalar_one()


# --- the report


def header(contacts: int, latency: float, clones: int) -> None:
    concurrency = os.environ.get("RAPPORT_WORKER_CONCURRENCY", "4")
    print(
        f"{contacts} due contacts ({clones} clones of the fixture web), {latency * 1000:.0f} ms per request; "
        f"{WEB_PROCESSES} gunicorn gthread processes; {concurrency} runs at once per worker; {CPUS} CPUs"
    )
    print("workers  wall s  runs/s  vs 1  ready  errors  GET ms p50/p95/max", end="")
    print("  peak RSS MB per worker  CPUs busy (ours)", flush=True)


def row(b: Batch, contacts: int, first: Batch) -> None:
    """A batch's line of the table, printed as soon as it is measured."""
    rate, gets, ready = contacts / b.wall_s, b.gets["renewals"] + b.gets["run"], b.states.get("ready", 0)
    rss = " ".join(f"{mb:.0f}" for mb in b.peak_rss_mb)
    print(
        f"{b.workers:7}  {b.wall_s:6.1f}  {rate:6.2f}  {first.wall_s / b.wall_s:4.2f}  {ready:5}"
        f"  {b.errors:6}  {figures(gets):>18}  {rss:>22}  {b.machine_busy:9.0%} ({b.ours(CPUS):.0%})",
        flush=True,
    )


def details(batches: list[Batch]) -> None:
    print(f"vs 1: runs per second against the first row's. CPUs busy: the share of the {CPUS} CPUs' time")
    print("used in the batch by every process on the machine; ours: by the team's processes and the bench's")
    print("(the rest is other work on the machine). CPU-bound: the CPUs 85 % busy or more.")
    for b in batches:
        bound = "CPU-bound" if b.machine_busy >= 0.85 else "not CPU-bound"
        used = ", ".join(f"{name} {seconds:.1f}" for name, seconds in b.cpu_s.items())
        print(f"{b.workers} worker(s): {bound}; CPU s used: {used}")
        renewals, runs = b.gets["renewals"], b.gets["run"]
        print(f"  GET /renewals {figures(renewals)} ms ({len(renewals)} asked), ", end="")
        print(f"GET /runs/<id> {figures(runs)} ms ({len(runs)} asked)")
        print(f"  renewals/start answered in {b.start_s:.2f} s; errors: {b.errors}")
        for problem, times in b.problems.most_common():
            print(f"    {times} x {problem[:200]}")
        if b.logs:
            print(f"  the web tier's and workers' logs are kept in {b.logs}")


def figures(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    median, p95, most = spread(s * 1000 for s in seconds)
    return f"{median:.0f}/{p95:.0f}/{most:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=500, help="due contacts in the batch")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure, comma-separated")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every fixture request")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    server_url = os.environ.get("RAPPORT_TEST_POSTGRES_URL")
    reason = None if server_url else unavailable()
    if reason:
        print(f"bench/team.py: no PostgreSQL cluster can be made here: {reason}; nothing measured")
        return
    try:
        import gunicorn  # noqa: F401
        import procrastinate  # noqa: F401
    except ImportError:
        print("bench/team.py: the team deployment's packages are missing (pip install -e '.[postgres]')")
        return
    clones = -(-args.contacts // len(PEOPLE))
    with tempfile.TemporaryDirectory(prefix="rapport-bench-team-") as tmp:
        clone_web(Path(tmp) / "web", clones)
        web = FixtureWeb(root=Path(tmp) / "web", latency=args.latency)
        with postgres_admin(server_url) as postgres, web:
            header(args.contacts, args.latency, clones)
            batches: list[Batch] = []
            for workers in counts:
                batches.append(run_batch(workers, args.contacts, web, postgres, Path(tmp)))
                row(batches[-1], args.contacts, batches[0])
    details(batches)


if __name__ == "__main__":
    main()
