"""Where the browser may start: a terminal on every stream it uses, or textual-serve's pipes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from cpec_tui.cli.tui import WEB_DRIVER
from tests.datasets import write
from tests.serve_support import isolated_env


def test_stderr_to_a_file_is_refused_with_guidance(tmp_path: Path) -> None:
    """``cpec-tui 2>file``: Textual would draw into the file and leave the terminal blank."""
    data = write(tmp_path)
    controller, terminal = pty.openpty()
    log = tmp_path / "stderr.txt"
    try:
        with log.open("w") as stderr:
            result = subprocess.run(
                [sys.executable, "-m", "cpec_tui", "--data", str(data)],
                stdin=terminal,
                stdout=terminal,
                stderr=stderr,
                env={**isolated_env(tmp_path), "TERM": "xterm-256color"},
                timeout=60,
                check=False,
            )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    message = log.read_text()
    assert "needs an interactive terminal" in message and "stderr" in message
    assert "cpec-tui serve" in message


def packet(kind: bytes, payload: bytes) -> bytes:
    """A frame of textual-serve's pipe protocol: type, 4-byte length, payload."""
    return kind + len(payload).to_bytes(4, "big") + payload


def test_the_web_driver_runs_over_pipes(tmp_path: Path) -> None:
    """The served app has no terminal by design: it starts, and quits when asked."""
    data = write(tmp_path)
    env = {**isolated_env(tmp_path), "TEXTUAL_DRIVER": WEB_DRIVER, "COLUMNS": "100", "ROWS": "30"}
    app = subprocess.Popen(
        [sys.executable, "-m", "cpec_tui", "--data", str(data), "--notes", str(tmp_path / "n")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert app.stdin is not None and app.stdout is not None
    try:
        assert app.stdout.readline() == b"__GANGLION__\n", "the web driver's greeting"
        assert app.stdout.read(1) in (b"D", b"M", b"P"), "then packets, not an error"
        app.stdin.write(packet(b"M", json.dumps({"type": "quit"}).encode()))
        app.stdin.flush()
        app.stdout.read()
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
