"""Running ``cpec-tui serve`` as a real process, and reading an app's screen off its websocket."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

from cpec_tui.paths import bundled_dataset
from cpec_tui.store.dataset import load_dataset

MEETINGS = len(load_dataset(bundled_dataset()).meetings)
"""How many meetings the bundled dataset holds (the app says "N meetings")."""

START_TIMEOUT = 90.0
"""Seconds for a server or an app to come up: generous, the test machine is shared."""


def isolated_env(tmp: Path) -> dict[str, str]:
    """The environment with every user-file location in ``tmp``: never the user's settings."""
    home = tmp / "home"
    env = {**os.environ, "HOME": str(home), "NO_COLOR": "1"}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["CPEC_TUI_CONFIG"] = str(tmp / "config")
    env["CPEC_TUI_CACHE"] = str(tmp / "cache")
    for name in ("CPEC_TUI_DATA", "CPEC_TUI_NOTES", "TEXTUAL_DRIVER"):
        env.pop(name, None)
    return env


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@dataclass
class Served:
    """A running ``cpec-tui serve``: its process, the URL it printed, its files."""

    process: subprocess.Popen[str]
    url: str
    data: Path
    notes: Path
    env: dict[str, str]
    output: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return self.url.split("/?")[0].rstrip("/")

    def ws_url(self, cols: int = 120, rows: int = 36) -> str:
        return f"{self.origin.replace('http', 'ws', 1)}/ws?width={cols}&height={rows}"

    def apps(self) -> list[int]:
        return children(self.process.pid)

    def wait_apps(self, predicate: Callable[[int], bool], timeout: float = 30) -> int:
        """Wait until the number of app processes satisfies ``predicate``; returns it."""
        deadline = time.monotonic() + timeout
        while not predicate(count := len(self.apps())) and time.monotonic() < deadline:
            time.sleep(0.1)
        return count

    def stop(self) -> str:
        """ctrl+c, as a user would; returns what the server printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            rest = self.process.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            rest = self.process.communicate()[0]
        return "".join(self.output) + (rest or "")


@contextmanager
def running_server(tmp: Path, *options: str) -> Iterator[Served]:
    """``cpec-tui serve --port 0`` on a copy of the bundled dataset and a fresh notes file."""
    tmp.mkdir(parents=True, exist_ok=True)
    data = tmp / "meetings.toml"
    shutil.copyfile(bundled_dataset(), data)
    notes = tmp / "notes.toml"
    env = isolated_env(tmp)
    command = [sys.executable, "-m", "cpec_tui", "serve", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--data", str(data), "--notes", str(notes), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    served = Served(process, "", data, notes, env)

    def read_until_url() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
            if line.startswith("Open "):
                return
        lines.put("")

    threading.Thread(target=read_until_url, daemon=True).start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not served.url:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            served.output.append(line)
            assert line, f"serve exited before printing a URL: {''.join(served.output)}"
            if line.startswith("Open "):
                served.url = line.split()[1]
        yield served
    finally:
        served.stop()


class TerminalScreen:
    """What an app process draws, as a terminal would show it (pyte emulates the terminal)."""

    def __init__(self, cols: int, rows: int) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def resize(self, cols: int, rows: int) -> None:
        self.screen.resize(rows, cols)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)


class Tab:
    """A websocket session driving one app process, the way the page's script does."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, cols: int, rows: int) -> None:
        self.ws = ws
        self.screen = TerminalScreen(cols, rows)

    async def type(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def until(self, wanted: Callable[[str], bool], timeout: float = START_TIMEOUT) -> str:
        """Read the app's output until its screen satisfies ``wanted``; returns the screen."""
        deadline = time.monotonic() + timeout
        while not wanted(self.screen.text):
            left = deadline - time.monotonic()
            assert left > 0, f"timed out; the screen shows:\n{self.screen.text}"
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"the session closed; the screen shows:\n{self.screen.text}")
        return self.screen.text
