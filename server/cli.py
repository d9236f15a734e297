"""The command line: `python -m server COMMAND`, one small function per command."""

from __future__ import annotations

import argparse
import errno
import json
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from server.app import NOT_THE_DEFAULT_TOKEN, claim_instance_token, create_app, shutdown
from server.config import Settings
from server.errors import DraftingError, RapportError
from server.events import Event
from server.exits import EPILOG, PROG, ExitCode, UsageError, say
from server.models import CapturedPage, Run, RunRequest, SenderProfile
from server.people_commands import import_contacts, users
from server.research.extract import extract_page
from server.research.fetch import Fetcher, FetchError
from server.service.auth import TOKEN_FILE, create_token, load_or_create_token
from server.service.errors import validation_message
from server.service.logs import configure_logging
from server.service.once import run_once
from server.service.progress import Progress
from server.service.report import format_page, format_run
from server.service.serving import make_server
from server.service.warmup import warm_up
from server.storage import make_engine, prepare_instance_folder, unreachable

Command = Callable[[argparse.Namespace], int]


class CannotServe(RapportError):
    """The server cannot listen where it was asked to (a port in use, an address not this machine's)."""


def serve(args: argparse.Namespace) -> int:
    """Serve the API with waitress until interrupted."""
    configure_logging()
    settings = Settings.from_env()
    port = settings.port if args.port is None else args.port
    prepare_instance_folder(settings.home)
    made_token = create_token(settings.home)
    app = create_app({"SETTINGS": settings})
    try:
        server = make_server(app, args.host, port, threads=args.threads)
    except OSError as exc:
        shutdown(app)
        raise CannotServe(_cannot_listen(args.host, port, exc)) from None
    base = f"http://{args.host}:{server.effective_port}"
    print(
        f"Rapport is listening on {base} (the panel as a web page; the API under {base}/api/v1)", flush=True
    )
    # The token is a password: shown once, when it is made, and only to a person at a terminal (not to a
    # log a service manager keeps); `make token` prints it whenever it is needed.
    if made_token and sys.stdout.isatty():
        token = app.extensions["rapport.token"]
        print(f"API token (shown this once; `make token` prints it): {token}", flush=True)
    else:
        print("API token: `make token` prints it", flush=True)
    print(f"Instance folder: {settings.home}", flush=True)
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    # docker stop and systemd send SIGTERM: stop as for Ctrl-C, letting working runs finish.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        shutdown(app)
    return 0


def worker(args: argparse.Namespace) -> int:
    """Work the team deployment's queued runs until SIGINT or SIGTERM (a run working then is let finish)."""
    configure_logging()
    settings = Settings.from_env()
    if settings.queue != "postgres":
        raise UsageError(
            "a worker works the team deployment's queue: set RAPPORT_QUEUE=postgres and DATABASE_URL to "
            "the PostgreSQL database the web tier uses (the embedded default works runs in `serve`)"
        )
    app = create_app({"SETTINGS": settings})
    try:
        warm_up()  # before taking a job, so no run pays for the loading (serve does it in the background)
        app.extensions["rapport.queue"].work(app.extensions["rapport.runs"].work)
    finally:
        shutdown(app)
    return 0


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        other = port + 1
        return (
            f"port {port} on {host} is in use (is Rapport running already?); choose another with "
            f"RAPPORT_PORT={other} make run, or serve --port {other}"
        )
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def token(args: argparse.Namespace) -> int:
    """Print the API token, the default user's (made on first use; in the team deployment, the database is
    upgraded first, as every process does when it starts, and the token is the first process's)."""
    settings = Settings.from_env()
    instance_token = load_or_create_token(settings.home)
    if settings.queue == "postgres":
        engine = make_engine(settings)
        try:
            default = claim_instance_token(engine, settings, instance_token)
        finally:
            engine.dispose()
        if not default:
            say("token", NOT_THE_DEFAULT_TOKEN.format(path=settings.home / TOKEN_FILE))
            return ExitCode.FAILED
    print(instance_token)
    return ExitCode.DONE


def research(args: argparse.Namespace) -> int:
    """Research a person; print the run JSON (--json) or a readable dossier."""
    return _run(args, draft=False)


def draft(args: argparse.Namespace) -> int:
    """Research a person and draft an email around a packet; print the run JSON or a readable report."""
    return _run(args, draft=True)


def _run(args: argparse.Namespace, *, draft: bool) -> int:
    request = _run_request(args, draft=draft)
    run = run_once(request, Settings.from_env(), _progress_printer(verbose=args.verbose))
    print(run.model_dump_json(indent=2) if args.json else format_run(run))
    # Judged by what the command is for: a draft (however few facts it rests on), or facts.
    if draft and run.draft is None:
        nothing = "nothing drafted"
    elif not draft and not run.facts:
        nothing = "nothing found"
    else:
        return ExitCode.DONE
    say(args.command, f"{nothing}: {_why_nothing(run)}")
    return ExitCode.NOTHING


def _why_nothing(run: Run) -> str:
    """Why a run gave no draft (or no fact), and what to give it, in a line."""
    name = run.person.name
    if run.facts:
        return "no fact is solid enough to write around; give a page about their recent work with --url"
    unread = sum(source.status in ("failed", "blocked") for source in run.sources)
    failed = f"; {unread} could not be read" if unread else ""
    if not any(source.status == "used" for source in run.sources):
        return f"no page found was about {name}{failed}; give one that is with --url URL or --page URL=FILE"
    return f"pages about {name} gave no facts{failed}; give another with --url URL or --page URL=FILE"


def _run_request(args: argparse.Namespace, *, draft: bool) -> RunRequest:
    pages = []
    for spec in args.page:
        url, sep, path = spec.partition("=")
        if not sep or not path:
            raise UsageError(f"--page takes URL=FILE, not {spec!r}")
        pages.append({"url": url, "html": _read(Path(path))})
    fields = {
        "person": {"name": args.name, "email": args.email, "company": args.company, "title": args.title},
        "urls": args.url,
        "pages": pages,
        "exclude_urls": args.exclude,
        "context": args.context,
        "draft": draft,
    }
    if draft:
        fields |= {"tone": args.tone, "packet": args.packet}
        if args.sender:
            fields["sender"] = _sender(Path(args.sender))
    try:
        return RunRequest.model_validate(fields)
    except ValidationError as exc:
        raise UsageError(validation_message(exc)) from None


def _sender(path: Path) -> SenderProfile:
    try:
        return SenderProfile.model_validate_json(_read(path))
    except ValidationError as exc:
        raise UsageError(f"{path}: {validation_message(exc)}") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _progress_printer(*, verbose: bool) -> Callable[[Event], None]:
    """A few lines of progress on stderr for a person watching (every event with --verbose); none to a file
    or a pipe unless --verbose asks."""
    if not (verbose or sys.stderr.isatty()):
        return lambda event: None
    return Progress(lambda line: print(line, file=sys.stderr, flush=True), verbose=verbose)


def extract(args: argparse.Namespace) -> int:
    """Show what extraction finds in one page: a saved file, or the URL fetched politely."""
    if args.file:
        html = _read(Path(args.file))
        try:
            CapturedPage(url=args.url, html="")
        except ValidationError as exc:
            raise UsageError(validation_message(exc)) from None
    else:
        try:
            with Fetcher(Settings.from_env()) as fetcher:
                html = fetcher.fetch(args.url).text
        except FetchError as exc:
            print(f"Could not read {exc.url}: {exc.reason}", file=sys.stderr)
            return ExitCode.NOTHING
    page = extract_page(html, args.url)
    if args.json:
        fields = {"url", "title", "author", "published", "site_name", "text", "links"}
        print(json.dumps(page.model_dump(mode="json", include=fields), indent=2, ensure_ascii=False))
    else:
        print(format_page(page))
    return ExitCode.DONE


def _person_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True, help="the person's full name")
    parser.add_argument("--email", help="their email address (its domain's site is read, unless free mail)")
    parser.add_argument("--company", help="their company, if you know it")
    parser.add_argument("--title", help="their job title, if you know it")
    parser.add_argument("--url", action="append", default=[], help="a page about them (repeatable)")
    parser.add_argument(
        "--page", action="append", default=[], metavar="URL=FILE", help="a page you saved, read as that URL"
    )
    parser.add_argument("--exclude", action="append", default=[], metavar="URL", help="a page not about them")
    parser.add_argument("--context", help="the relationship: last messages, or a note on how you know them")
    parser.add_argument("--json", action="store_true", help="print the run JSON")
    parser.add_argument(
        "--verbose", action="store_true", help="show every page and stage on stderr, not a few lines"
    )


# Every command's --help ends with the exit statuses, laid out as written.
_HELP: dict[str, object] = {"epilog": EPILOG, "formatter_class": argparse.RawDescriptionHelpFormatter}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Rapport: research a person from public pages and draft a short, generous email;\n"
        "or serve the API for the Chrome side panel.",
        **_HELP,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser("serve", help="serve the API for the extension", **_HELP)
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_parser.add_argument(
        "--port", type=int, help="port to listen on (default: RAPPORT_PORT, else 8765; 0: any free port)"
    )
    serve_parser.add_argument(
        "--threads",
        type=int,
        default=16,
        help="threads for requests (default: 16); event streams get threads of their own, up to "
        "RAPPORT_MAX_STREAMS",
    )
    serve_parser.set_defaults(handler=serve)

    worker_parser = commands.add_parser(
        "worker", help="work queued runs (team deployment: RAPPORT_QUEUE=postgres)", **_HELP
    )
    worker_parser.set_defaults(handler=worker)

    token_parser = commands.add_parser("token", help="print the API token (the default user's)")
    token_parser.set_defaults(handler=token)

    users_parser = commands.add_parser("users", help="add, list or revoke the users of this server", **_HELP)
    users_parser.add_argument("action", choices=["add", "list", "revoke"], help="add prints the new token")
    users_parser.add_argument("name", nargs="?", help="the user's name (for add and revoke)")
    users_parser.set_defaults(handler=users)

    research_parser = commands.add_parser("research", help="research a person from public pages", **_HELP)
    _person_arguments(research_parser)
    research_parser.set_defaults(handler=research)

    draft_parser = commands.add_parser("draft", help="research a person and draft a generous email", **_HELP)
    _person_arguments(draft_parser)
    draft_parser.add_argument(
        "--sender", metavar="FILE.json", help="your sender profile (else the stored one)"
    )
    draft_parser.add_argument("--packet", type=int, help="which way to be useful to write around (0 = best)")
    draft_parser.add_argument("--tone", choices=["warm", "brief", "formal"], default="warm")
    draft_parser.set_defaults(handler=draft)

    extract_parser = commands.add_parser("extract", help="show what one page yields", **_HELP)
    extract_parser.add_argument("--url", required=True, help="the page's URL")
    extract_parser.add_argument("--file", help="read the HTML from this file instead of fetching the URL")
    extract_parser.add_argument("--json", action="store_true", help="print JSON")
    extract_parser.set_defaults(handler=extract)
    contacts_parser = commands.add_parser("contacts", help="your contact book, for renewals", **_HELP)
    contacts_commands = contacts_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    import_parser = contacts_commands.add_parser(
        "import",
        help="import a CSV (name, email, company, last contact date, note) or vCard file",
        description="Import contacts; known ones (by email) are updated, never duplicated. Rows that "
        "cannot be taken are listed with their line number, and the rest imported.",
        **_HELP,
    )
    import_parser.add_argument("file", metavar="FILE", help="a .csv file with a header row, or a .vcf file")
    import_parser.set_defaults(handler=import_contacts)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a wrong option exits 2 (ExitCode.USAGE), as argparse does
    handler: Command = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        say(args.command, f"error: {exc}")
        return ExitCode.USAGE
    except DraftingError as exc:  # the draft cannot be written as asked: no such packet
        say(args.command, f"error: {exc.reason}")
        return ExitCode.USAGE
    except RapportError as exc:
        # A failure Rapport expects (a bad setting, a port in use, a broken prompt file): its reason, not a
        # traceback.
        say(args.command, f"error: {exc.reason}")
        return ExitCode.FAILED
    except Exception as exc:
        if unreachable(exc):  # DATABASE_URL names a server that is down or cannot be reached: not a bug
            say(args.command, f"error: the database could not be reached: {str(exc).splitlines()[0]}")
            return ExitCode.FAILED
        # A bug keeps its traceback, and exits as a failure: Python's own 1 would read as "nothing to draft".
        traceback.print_exc()
        return ExitCode.FAILED
