"""The command line: `python -m server COMMAND`, one small function per command."""

from __future__ import annotations

import argparse
import logging
import signal
from collections.abc import Callable, Sequence

import waitress

from server.app import create_app, shutdown
from server.auth import load_or_create_token
from server.config import Settings

Command = Callable[[argparse.Namespace], int]


def serve(args: argparse.Namespace) -> int:
    """Serve the API with waitress until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    # Each server-sent event stream holds a thread while it lasts, so there are more threads than runs.
    server = waitress.create_server(app, host=args.host, port=args.port, threads=args.threads)
    settings: Settings = app.config["SETTINGS"]
    print(f"Rapport is listening on http://{args.host}:{server.effective_port}/api/v1", flush=True)
    print(f"API token: {app.extensions['rapport.token']}", flush=True)
    print(f"Instance folder: {settings.home}", flush=True)
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


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def token(args: argparse.Namespace) -> int:
    """Print the API token (made on first use)."""
    print(load_or_create_token(Settings.from_env().home))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser("serve", help="serve the API for the extension")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    serve_parser.add_argument("--threads", type=int, default=16, help="request threads (default: 16)")
    serve_parser.set_defaults(handler=serve)

    token_parser = commands.add_parser("token", help="print the API token")
    token_parser.set_defaults(handler=token)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    return handler(args)
