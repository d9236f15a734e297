"""The commands about people: the users of a deployment (each with a token) and the contact book."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from server import storage
from server.config import Settings
from server.errors import RapportError
from server.exits import ExitCode, UsageError, say
from server.service.contact_book import ContactBook
from server.storage import make_engine

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


def users(args: argparse.Namespace) -> int:
    """Add a user (printing their token, once), list users, or revoke one's token."""
    engine = storage.make_engine(Settings.from_env())
    try:
        if args.action == "list":
            for user in storage.list_users(engine):
                state = f"revoked {user.revoked_at:%Y-%m-%d}" if user.revoked_at else "active"
                default = "  (the instance token: `make token`)" if user.name == storage.DEFAULT_USER else ""
                print(f"{user.name}\t{state}\tsince {user.created_at:%Y-%m-%d}{default}")
            return ExitCode.DONE
        if not USER_NAME.fullmatch(args.name or ""):
            raise UsageError(
                "a user name is 1-100 letters, digits and . _ @ - (starting with a letter or digit)"
            )
        if args.action == "add":
            print(storage.add_user(engine, args.name))
            print(
                f"the token of {args.name}, shown this once: paste it into their extension's options",
                file=sys.stderr,
            )
        else:
            storage.revoke_user(engine, args.name)
            print(f"revoked {args.name}: their token is refused from now on; what they stored stays")
        return ExitCode.DONE
    except (storage.UserExists, storage.UserNotFound) as exc:
        raise UsageError(str(exc)) from None
    finally:
        engine.dispose()


def import_contacts(args: argparse.Namespace) -> int:
    """Import a CSV or vCard file into the contact book; print the counts and each row left out."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    settings = Settings.from_env()
    # The engine alone, not the app: starting a run manager would fail the runs a running server works on.
    engine = make_engine(settings)
    try:
        book = ContactBook(
            engine,
            renew_after_months=settings.renew_after_months,
            max_file_bytes=settings.max_contacts_file_bytes,
        )
        try:
            report = book.import_file(storage.default_user_id(engine), data)  # the CLI is the default user
        except RapportError as exc:  # not a contacts file, no email column, too large: nothing stored
            raise UsageError(f"{path}: {exc.reason}") from None
    finally:
        engine.dispose()
    print(f"{report.imported} imported, {report.updated} updated, {len(report.bad)} bad")
    for bad in report.bad:
        print(f"  line {bad.line}: {bad.reason}")
    if report.imported or report.updated:
        return ExitCode.DONE
    say(args.command, f"no contact could be imported from {path}")
    return ExitCode.NOTHING
