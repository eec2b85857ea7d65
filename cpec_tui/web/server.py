"""The web server behind ``cpec-tui serve``: textual-serve, made safe to leave running.

textual-serve runs one app process per browser tab and relays its screen over a websocket.
As shipped it accepts a websocket from any web page, starts a process for every connection
and links a web font from the internet. This server keeps its protocol and page, and adds:

- a ``Host`` check (loopback names only when bound to loopback) against DNS rebinding;
- a websocket ``Origin`` check: only the server's own page may drive an app;
- an access token, required on any non-loopback address, for every request;
- a cap on concurrent app processes, with a page saying so when it is reached;
- app processes in their own session, each ended by the server when it stops.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import shlex
import signal
import socket
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

log = logging.getLogger("cpec-tui.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})
QUIT_GRACE = 5.0
"""Seconds an app process gets to quit when asked before it is killed."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only ever reaches this machine (a name other than localhost might not)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def page_url(host: str, port: int, token: str | None) -> str:
    """The address to open in a browser (a wildcard bind is shown as this machine's name)."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    url = URL.build(scheme="http", host=host.strip("[]"), port=port, path="/")
    return str(url.with_query(token=token) if token else url)


@dataclass(frozen=True)
class ServeConfig:
    """What ``cpec-tui serve`` was asked for; ``argv`` is the app command run for each tab."""

    argv: Sequence[str]
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_apps: int = 8
    title: str = "cpec-tui"


class AppProcess(AppService):
    """One tab's app process, run without a shell and in its own session.

    Its own session keeps a ctrl+c in the server's terminal from reaching the apps: the server
    ends them itself, in order, asking each to quit first.
    """

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.process: Process | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self.process = self._process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._stdin = self.process.stdin
        return self.process

    async def end(self) -> None:
        """Ask the app to quit; kill it if it has not within ``QUIT_GRACE`` seconds."""
        try:
            await asyncio.wait_for(self.stop(), QUIT_GRACE)
        except TimeoutError:
            log.warning("app process %s did not quit in time: killed", self.argv)
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
        if self.process is not None:
            await self.process.wait()


class CpecServer(Server):
    """textual-serve's server with the checks above; ``start`` / ``stop`` run it in a loop."""

    def __init__(self, config: ServeConfig) -> None:
        super().__init__(
            shlex.join(config.argv),
            host=config.host,
            port=config.port,
            title=config.title,
            templates_path=TEMPLATES,
        )
        self.config = config
        self.apps: set[AppProcess] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.cookie = f"cpec-tui-token-{config.port}"
        self._runner: web.AppRunner | None = None

    @property
    def needs_token(self) -> bool:
        return self.config.token is not None

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.on_response_prepare.append(self._harden_headers)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing here: ``serve`` prints the URL once the real port is known."""

    async def start(self) -> str:
        """Listen; returns the URL to open (with the real port when 0 was asked for)."""
        self._runner = web.AppRunner(await self._make_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port)
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            raise
        port = int(self._runner.addresses[0][1])
        self.cookie = f"cpec-tui-token-{port}"
        return page_url(self.config.host, port, self.config.token)

    async def stop(self) -> int:
        """End every app process and close every socket; returns how many apps were ended."""
        ended = len(self.apps)
        await asyncio.gather(*(app.end() for app in list(self.apps)))
        closing = list(self.sockets)
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for ws in closing))
        if self._runner is not None:
            await self._runner.cleanup()
        return ended

    # -- the checks -------------------------------------------------------------------------

    def _host_allowed(self, request: web.Request) -> bool:
        """Bound to loopback, only loopback names: a rebound DNS name gets nothing."""
        if not is_loopback(self.config.host):
            return True
        try:
            host = URL(f"http://{request.host}").host
        except ValueError:  # a malformed Host header
            return False
        return host is not None and is_loopback(host)

    def _token_given(self, request: web.Request) -> str | None:
        return request.query.get("token") or request.cookies.get(self.cookie)

    def _token_ok(self, given: str | None) -> bool:
        token = self.config.token
        return token is None or (
            given is not None and hmac.compare_digest(given.encode(), token.encode())
        )

    @staticmethod
    def same_origin(request: web.Request) -> bool:
        """Whether the request comes from a page this server served (``Origin`` names it)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        try:
            theirs = URL(origin)
            ours = URL(f"{theirs.scheme}://{request.host}")
        except ValueError:
            return False
        return (
            theirs.scheme in ("http", "https")
            and theirs.host is not None
            and (theirs.host.lower(), theirs.port) == ((ours.host or "").lower(), ours.port)
        )

    @web.middleware
    async def _guard(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Host and token checks for every route: a refused request starts nothing."""
        if not self._host_allowed(request):
            raise self._refusal(
                request, web.HTTPForbidden, "Unknown host", "Open this server by its own URL."
            )
        if not self._token_ok(self._token_given(request)):
            raise self._refusal(
                request,
                web.HTTPForbidden,
                "Access token needed",
                "Open the URL that 'cpec-tui serve' printed; it carries the access token.",
            )
        if self.needs_token and "token" in request.query and request.method == "GET":
            # Keep the token in an HttpOnly cookie, out of the address bar and the history.
            query = {k: v for k, v in request.query.items() if k != "token"}
            response = web.Response(
                status=303, headers={"Location": str(request.rel_url.with_query(query))}
            )
            response.set_cookie(
                self.cookie, self.config.token or "", httponly=True, samesite="Strict", path="/"
            )
            return response
        return await handler(request)

    @staticmethod
    async def _harden_headers(request: web.Request, response: web.StreamResponse) -> None:
        """No framing by other sites (clickjacking) and no token in a Referer."""
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"

    @staticmethod
    def _refusal(
        request: web.Request, status: type[web.HTTPError], title: str, text: str
    ) -> web.HTTPError:
        """An error page to raise: a refused request gets a page saying why, and nothing else."""
        page = aiohttp_jinja2.render_string(
            "message.html", request, {"title": title, "message": text}
        )
        return status(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})

    def _busy(self, request: web.Request) -> web.HTTPError:
        cap = self.config.max_apps
        refusal = self._refusal(
            request,
            web.HTTPServiceUnavailable,
            "All sessions are in use",
            f"This server runs at most {cap} browser session{'s' * (cap != 1)} at once, and "
            "all are open. Close a cpec-tui tab, or try again in a while.",
        )
        refusal.headers["Retry-After"] = "30"
        return refusal

    # -- the routes -------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, with addresses on the host the browser used (so ``Origin`` matches)."""
        if len(self.apps) >= self.config.max_apps:
            raise self._busy(request)
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Drive one app process, for the server's own page only, within the cap."""
        if not self.same_origin(request):
            raise self._refusal(
                request,
                web.HTTPForbidden,
                "Forbidden",
                "Only this server's own page may open a session.",
            )
        if len(self.apps) >= self.config.max_apps:
            raise self._busy(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        app = AppProcess(
            self.config.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.apps.add(app)  # before any await: the cap holds however many arrive at once
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            await app.start(
                to_int(request.query.get("width", "80"), 80),
                to_int(request.query.get("height", "24"), 24),
            )
            await self._process_messages(websocket, app)
        except (ValueError, KeyError, TypeError, AssertionError) as error:
            log.warning("malformed message from the page: %s", error)
        finally:
            self.sockets.discard(websocket)
            await app.end()
            self.apps.discard(app)
            await websocket.close()
        return websocket


async def serve(config: ServeConfig, announce: Callable[[str], None]) -> int:
    """Run until SIGINT or SIGTERM; returns how many app processes were ended at the stop."""
    server = CpecServer(config)
    announce(await server.start())
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
        # Still ours while stopping: a second ctrl+c must not orphan the apps being ended.
        return await server.stop()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
