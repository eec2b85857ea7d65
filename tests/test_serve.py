"""``cpec-tui serve`` as a real server on loopback: Origin check, token rule, cap, stopping.

Every request here is a real HTTP or websocket request to a ``cpec-tui serve`` process; the
app processes it starts are real ``python -m cpec_tui`` processes, counted from /proc.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.serve_support import MEETINGS, Served, Tab, isolated_env, running_server

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

READY = "14th meeting of the CPEC"  # the detail pane of the newest meeting: the app is up
COLS, ROWS = 120, 36


async def open_tab(http: aiohttp.ClientSession, served: Served, **headers: str) -> Tab:
    ws = await http.ws_connect(served.ws_url(COLS, ROWS), origin=served.origin, headers=headers)
    tab = Tab(ws, COLS, ROWS)
    await tab.until(lambda screen: READY in screen)
    return tab


async def handshake_status(http: aiohttp.ClientSession, url: str, **headers: str) -> int:
    """The HTTP status a websocket handshake got (101 if it was accepted)."""
    try:
        async with http.ws_connect(url, headers=headers) as ws:
            await ws.close()
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


def test_websocket_refuses_other_origins(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        async with aiohttp.ClientSession() as http:
            ws_url = served.ws_url()
            assert await handshake_status(http, ws_url) == 403, "no Origin at all"
            for hostile in (
                "http://evil.example",
                "http://evil.example:" + served.origin.rsplit(":", 1)[1],
                served.origin.replace("http://", "http://127.0.0.1.evil.example/"),
                "null",
            ):
                assert await handshake_status(http, ws_url, Origin=hostile) == 403, hostile
            # DNS rebinding: a hostile name resolving to 127.0.0.1 gets nothing at all.
            rebound = {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}
            assert await handshake_status(http, ws_url, **rebound) == 403
            async with http.get(served.url, headers={"Host": "evil.example"}) as page:
                assert page.status == 403
            assert served.apps() == [], "a refused connection started an app"

            async with http.get(served.url) as page:
                assert page.status == 200 and page.headers["X-Frame-Options"] == "DENY"
                html = await page.text()
            assert f'data-session-websocket-url="{ws_url.split("?")[0]}"' in html
            assert "googleapis" not in html and "https://" not in html, "nothing remote"

            tab = await open_tab(http, served)
            assert f"{MEETINGS} meetings" in tab.screen.text
            assert len(served.apps()) == 1
            await tab.ws.close()
        assert served.wait_apps(lambda n: n == 0) == 0, "closing the tab ends its app"

    with running_server(tmp_path) as served:
        asyncio.run(check(served))


def test_non_loopback_needs_the_token(tmp_path: Path) -> None:
    async def check(served: Served, token: str) -> None:
        local = served.origin.replace(served.origin.split("//")[1].rsplit(":", 1)[0], "127.0.0.1")
        port = local.rsplit(":", 1)[1]
        ws_url = f"ws://127.0.0.1:{port}/ws?width={COLS}&height={ROWS}"
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            for path in ("/", "/static/js/textual.js", f"/?token={token[:-1]}x"):
                async with http.get(local + path, allow_redirects=False) as response:
                    assert response.status == 403, path
                    assert "access token" in (await response.text()).lower()
            assert await handshake_status(http, ws_url, Origin=local) == 403
            assert served.apps() == [], "a request without the token started an app"

            async with http.get(f"{local}/?token={token}", allow_redirects=False) as response:
                assert response.status == 303 and response.headers["Location"] == "/"
            async with http.get(local + "/") as page:  # the cookie carries the token now
                assert page.status == 200 and "textual-terminal" in await page.text()
            ws = await http.ws_connect(ws_url, origin=local)
            tab = Tab(ws, COLS, ROWS)
            await tab.until(lambda screen: READY in screen)
            assert len(served.apps()) == 1
            await ws.close()

    with running_server(tmp_path, "--host", "0.0.0.0") as served:
        assert any("generated token" in line for line in served.output)
        token = served.url.split("?token=")[1]
        assert len(token) >= 16
        asyncio.run(check(served, token))


def test_a_given_token_is_required_on_loopback_too(tmp_path: Path) -> None:
    token = "a-token-of-twenty-chars"
    with running_server(tmp_path, "--token", token) as served:
        assert served.url.endswith(f"?token={token}")
        status = asyncio.run(plain_status(served.origin + "/"))
        assert status == 403


async def plain_status(url: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status


def test_process_cap(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        async with aiohttp.ClientSession() as http:
            first = await open_tab(http, served)
            async with http.get(served.url) as page:
                assert page.status == 503
                assert "at most 1 browser session at once" in await page.text()
            status = await handshake_status(http, served.ws_url(), Origin=served.origin)
            assert status == 503
            assert len(served.apps()) == 1
            await first.ws.close()
            assert served.wait_apps(lambda n: n == 0) == 0
            async with http.get(served.url) as page:
                assert page.status == 200

    with running_server(tmp_path, "--max-apps", "1") as served:
        asyncio.run(check(served))


def test_two_tabs_save_at_once_and_ctrl_c_ends_every_app(tmp_path: Path) -> None:
    async def check(served: Served) -> tuple[list[int], str]:
        async with aiohttp.ClientSession() as http:
            tabs = await asyncio.gather(open_tab(http, served), open_tab(http, served))
            for number, tab in enumerate(tabs, 1):
                await tab.type("n")
                await tab.until(lambda screen: "New note on JCC 14" in screen)
                await tab.type(f"Saved from tab {number}")
                await tab.until(lambda screen, n=number: f"Saved from tab {n}" in screen)
            await asyncio.gather(*(tab.type("\x13") for tab in tabs))  # ctrl+s, both at once
            for tab in tabs:
                await tab.until(lambda screen: "New note on" not in screen)
            apps = served.apps()
            # ctrl+c with both tabs still open: the server must end their apps itself.
            return apps, await asyncio.to_thread(served.stop)

    with running_server(tmp_path) as served:
        apps, output = asyncio.run(check(served))
    assert len(apps) == 2
    assert served.process.returncode == 0
    assert "ended 2 app processes" in output
    assert [pid for pid in apps if os.path.exists(f"/proc/{pid}")] == []
    files = ["--notes", str(served.notes), "--data", str(served.data)]
    notes = subprocess.run(
        [sys.executable, "-m", "cpec_tui", *files, "note", "list", "--json"],
        capture_output=True,
        text=True,
        env=served.env,
        check=True,
    )
    texts = sorted(note["text"] for note in json.loads(notes.stdout))
    assert texts == ["Saved from tab 1", "Saved from tab 2"]


def test_bad_dataset_is_refused_before_serving(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[[meetings]]\nid = 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "cpec_tui", "serve", "--port", "0", "--data", str(bad)],
        capture_output=True,
        text=True,
        env=isolated_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "bad.toml" in result.stderr


def test_a_short_token_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cpec_tui", "serve", "--port", "0", "--token", "short"],
        capture_output=True,
        text=True,
        env=isolated_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "at least 16 characters" in result.stderr


def test_without_the_web_extra_serve_says_what_to_install(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "textual_serve"
    missing.mkdir(parents=True)
    (missing / "__init__.py").write_text("raise ImportError('simulated: not installed')\n")
    env = {**isolated_env(tmp_path), "PYTHONPATH": str(missing.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "cpec_tui", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "pip install '.[web]'" in result.stderr and "Traceback" not in result.stderr
