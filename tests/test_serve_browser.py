"""End to end: ``cpec-tui serve`` in a real headless Chromium (Debian's, driven by selenium).

The page's terminal draws on a canvas, so the test reads the screen the way xterm.js gets it:
a tap installed before the page's own script records every frame of the page's websocket,
and pyte replays them into a screen. Nothing here downloads a browser or a driver.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver import ActionChains, ChromeOptions, ChromeService, Keys
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from tests.serve_support import (
    MEETINGS,
    START_TIMEOUT,
    Served,
    TerminalScreen,
    isolated_env,
    running_server,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
        reason=f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}): "
        "apt-get install chromium chromium-driver",
    ),
]

# Runs before the page's script: wraps WebSocket to record what the terminal receives and
# the sizes it reports, in order, for the test to replay.
TAP = """
window.__tap = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(url, protocols) {
    super(url, protocols);
    const query = new URL(url).searchParams;
    window.__tap.push({size: [+query.get("width"), +query.get("height")]});
    this.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;
      let text = "";
      for (const byte of new Uint8Array(event.data)) text += String.fromCharCode(byte);
      window.__tap.push({data: btoa(text)});
    });
  }
  send(message) {
    const envelope = typeof message === "string" ? JSON.parse(message) : null;
    if (envelope && envelope[0] === "resize") {
      window.__tap.push({size: [envelope[1].width, envelope[1].height]});
    }
    super.send(message);
  }
};
"""


class PageTab:
    """One browser tab on the served page, with the screen its terminal shows."""

    def __init__(self, driver: WebDriver, url: str) -> None:
        self.driver = driver
        self.handle = driver.current_window_handle
        self.screen = TerminalScreen(80, 24)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TAP})
        driver.get(url)

    def _drain(self) -> None:
        self.driver.switch_to.window(self.handle)
        for event in self.driver.execute_script("return window.__tap.splice(0)"):
            if "size" in event:
                self.screen.resize(*event["size"])
            else:
                self.screen.feed(base64.b64decode(event["data"]))

    def until(self, wanted: Callable[[str], bool], timeout: float = START_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        self._drain()
        while not wanted(self.screen.text):
            assert time.monotonic() < deadline, f"timed out; the page shows:\n{self.screen.text}"
            time.sleep(0.2)
            self._drain()
        return self.screen.text

    def type(self, keys: str, *, ctrl: bool = False) -> None:
        """Keys into the terminal's input box (focused, not clicked: a click is a mouse event)."""
        self.driver.switch_to.window(self.handle)
        box = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        self.driver.execute_script("arguments[0].focus()", box)
        actions = ActionChains(self.driver)
        if ctrl:
            actions.key_down(Keys.CONTROL).send_keys(keys).key_up(Keys.CONTROL)
        else:
            actions.send_keys(keys)
        actions.perform()

    def resources(self) -> list[str]:
        """Every URL the page loaded (scripts, styles, fonts, images)."""
        self.driver.switch_to.window(self.handle)
        names: list[str] = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map((entry) => entry.name)"
        )
        return names


def loaded(screen: str) -> bool:
    """The app is up: all meetings listed, one of them in the detail pane."""
    lines = screen.splitlines()
    return len(lines) > 1 and lines[1].strip() == f"{MEETINGS} meetings" and "▕  When" in screen


def list_pane(screen: str) -> str:
    """The left (results) pane of a wide screen."""
    return "\n".join(line.split("▕")[0] for line in screen.splitlines())


def cli_json(served: Served, *args: str) -> Any:
    files = ["--data", str(served.data), "--notes", str(served.notes)]
    result = subprocess.run(
        [sys.executable, "-m", "cpec_tui", *files, *args, "--json"],
        capture_output=True,
        text=True,
        env=served.env,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium must never fetch a driver or browser
    options = ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    service = ChromeService(executable_path=str(CHROMEDRIVER), env=isolated_env(tmp_path))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


def test_search_and_notes_in_two_browser_tabs(tmp_path: Path, chromium: WebDriver) -> None:
    with running_server(tmp_path / "served") as served:
        first = PageTab(chromium, served.url)
        assert chromium.title == "cpec-tui"
        first.until(loaded)
        fetched = first.resources()
        assert fetched and all(url.startswith(served.origin + "/") for url in fetched), fetched

        query = "weidong agri"
        first.type("/")
        time.sleep(0.5)  # the search box takes focus before the words arrive
        first.type(query)
        expected = [hit["id"] for hit in cli_json(served, "search", query)["results"]]
        titles = {m["id"]: m["short_title"] for m in cli_json(served, "list")}
        screen = first.until(lambda screen: f"{len(expected)} of {MEETINGS} meetings" in screen)
        results = list_pane(screen)
        assert len(expected) == 3
        for meeting_id in expected:
            assert titles[meeting_id] in results, (meeting_id, results)
        assert titles["jcc-14"] not in results, "a meeting that does not match is not listed"
        if shot := os.environ.get("CPEC_TUI_SCREENSHOT"):
            chromium.save_screenshot(shot)

        note = "Typed in a web page"
        first.type("\ue007")  # enter: to the results, on the first match
        time.sleep(0.5)
        first.type("n")
        first.until(lambda screen: "New note on" in screen)
        time.sleep(0.5)
        first.type(note)
        first.until(lambda screen: note in screen)
        first.type("s", ctrl=True)
        first.until(lambda screen: "New note on" not in screen)
        saved = cli_json(served, "note", "list")
        assert [(n["meeting"], n["text"]) for n in saved] == [(expected[0], note)]

        chromium.switch_to.new_window("tab")
        second = PageTab(chromium, served.url)
        second.until(loaded)
        second.type("/")
        time.sleep(0.5)
        second.type("has:notes typed")  # the detail pane scrolls to the first match: the note
        screen = second.until(
            lambda screen: f"1 of {MEETINGS} meetings" in screen and note in screen
        )
        assert titles[expected[0]] in list_pane(screen)
