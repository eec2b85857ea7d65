"""``cpec-tui serve``: the same browser, in web browser tabs (the optional ``web`` extra)."""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.meetings import load_or_report
from cpec_tui.cli.output import fail

if TYPE_CHECKING:
    from cpec_tui.library import Library

NEEDS_EXTRA = (
    "cpec-tui: 'serve' needs the web extra (textual-serve): install it into cpec-tui's "
    "environment, e.g. .venv/bin/pip install '.[web]' from a clone (see the README)"
)
TOKEN_BYTES = 24
MIN_TOKEN = 16


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    """Add ``serve`` to the ``cpec-tui`` parser."""
    serve = commands.add_parser(
        "serve",
        parents=[shared],
        help="serve the browser to web browser tabs (needs cpec-tui[web])",
        description="Serve the browser as a web page: each tab runs its own copy of the app "
        "on the same dataset and notes file. Binds 127.0.0.1 unless --host says otherwise; "
        "any other address needs an access token, generated and printed unless --token "
        "gives one. ctrl+c stops the server and every app it started.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    serve.add_argument(
        "--token",
        default=None,
        help=f"access token (at least {MIN_TOKEN} characters) that every request must carry; "
        "required off loopback, generated if not given. Other users of this machine can see "
        "a command line: prefer the generated one",
    )
    serve.add_argument(
        "--max-apps",
        type=_positive,
        default=8,
        metavar="N",
        help="at most N browser sessions (app processes) at once (default 8)",
    )
    serve.set_defaults(run=run_serve)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535)")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def app_command(data: Path, notes: Path) -> list[str]:
    """The command each tab runs: this interpreter, this package, the same files."""
    return [
        sys.executable,
        "-m",
        "cpec_tui",
        "--data",
        str(data.resolve()),
        "--notes",
        str(notes.resolve()),
    ]


def run_serve(args: argparse.Namespace, library: Library) -> int:
    try:
        from cpec_tui.web.server import ServeConfig, is_loopback, serve
    except ImportError:
        return fail(NEEDS_EXTRA, 2)
    token: str | None = args.token
    if token is not None and len(token) < MIN_TOKEN:
        return fail(f"cpec-tui: --token must be at least {MIN_TOKEN} characters long", 2)
    generated = token is None and not is_loopback(args.host)
    if generated:
        token = secrets.token_urlsafe(TOKEN_BYTES)
    # Check the dataset once here (and warm its cache), not in every tab.
    if load_or_report(library) is None:
        return 2
    data, notes = library.data_path, library.notes_path
    config = ServeConfig(
        argv=app_command(data, notes),
        host=args.host,
        port=args.port,
        token=token,
        max_apps=args.max_apps,
    )

    def announce(url: str) -> None:
        print(f"cpec-tui: serving {data} (notes: {notes})")
        if generated:
            print("cpec-tui: not on loopback, so every request needs this generated token:")
        print(f"Open {url}")
        print("Press ctrl+c to stop.", flush=True)

    try:
        ended = asyncio.run(serve(config, announce))
    except OSError as error:
        return fail(f"cpec-tui: cannot listen on {args.host} port {args.port}: {error}", 2)
    print(f"cpec-tui: stopped; ended {ended} app process{'es' * (ended != 1)}.", flush=True)
    return 0
