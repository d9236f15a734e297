"""A PostgreSQL cluster of a test's own, on 127.0.0.1, that the test may stop, start and restart: the shared
test server (RAPPORT_TEST_POSTGRES_URL) must not go down under the other tests. Made from the machine's
PostgreSQL binaries as .ci/run makes its own (run as the postgres user when the tests run as root: the server
refuses root), throwaway data, no Unix socket."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.fixture_web import free_port

POSTGRES_LIBRARY = Path("/usr/lib/postgresql")


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), or None."""
    found = sorted(
        POSTGRES_LIBRARY.glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )
    return found[-1] if found and (found[-1] / "initdb").exists() else None


def unavailable() -> str | None:
    """Why no cluster can be made here, or None when one can."""
    if binaries() is None:
        return "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to run the server as"
    return None


class Cluster:
    """initdb'd on creation; start() / stop() / restart() as an operator would; remove() deletes it."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.as_root = os.geteuid() == 0
        # Under /tmp, not pytest's private tmp_path: the postgres user must be able to reach it.
        self.folder = Path(tempfile.mkdtemp(prefix="rapport-test-cluster-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.data.mkdir(mode=0o700)
        if self.as_root:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.data, "postgres")
        self._run(
            "initdb",
            "-D",
            self.data,
            "-U",
            "rapport",
            "--auth=trust",
            "--no-locale",
            "-E",
            "UTF8",
            "--no-sync",
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://rapport@127.0.0.1:{self.port}/postgres"

    @property
    def postmaster_pid(self) -> int:
        """The server's process while it runs (its backends are its children)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.folder / "server.log"
        self._run("pg_ctl", "-D", self.data, "-l", log, "-w", "-t", "30", "start", "-o", options)

    def stop(self) -> None:
        """A fast shutdown: every connection is cut, as a restart by an operator or a failover cuts them."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        subprocess.run(
            self._command("pg_ctl", ["-D", self.data, "-m", "immediate", "-w", "stop"]),
            cwd="/",
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _command(self, program: str, args: Sequence[object]) -> list[str]:
        command = [str(self.bin / program), *map(str, args)]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_root else command

    def _run(self, program: str, *args: object) -> None:
        done = subprocess.run(
            self._command(program, args), cwd="/", capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")
