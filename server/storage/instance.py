"""The instance folder and the SQLite files in it: readable and writable by their owner only.

They hold who the user researched, the pages read about them, drafts and the API token.
"""

from __future__ import annotations

import fcntl
import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# SQLite's companions of a database file; it creates them with the database file's own permissions.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
MIGRATION_LOCK = ".migrate.lock"


def prepare_instance_folder(home: Path) -> None:
    """Make the instance folder for its owner only (0700), narrowing one made wider before."""
    home.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _narrow(home, FOLDER_MODE)


def prepare_sqlite_file(database: Path) -> None:
    """Create the database file 0600 before SQLite does (its WAL and SHM files then get 0600 too), and
    narrow the files an older version left readable by others."""
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, FILE_MODE))  # never truncates: no O_TRUNC
    for path in (database, *(database.with_name(database.name + end) for end in SQLITE_COMPANIONS)):
        if path.exists():
            _narrow(path, FILE_MODE)


def _narrow(path: Path, mode: int) -> None:
    if stat.S_IMODE(path.stat().st_mode) & ~mode:
        try:
            path.chmod(mode)
        except OSError as exc:  # a folder or file of another user: say so, and go on
            log.warning("%s is readable by others and could not be narrowed to %o: %s", path, mode, exc)


@contextmanager
def migration_lock(home: Path) -> Iterator[None]:
    """Hold an exclusive lock on the instance folder's migration lock file (released when the block ends)."""
    prepare_instance_folder(home)
    fd = os.open(home / MIGRATION_LOCK, os.O_CREAT | os.O_RDWR, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock
