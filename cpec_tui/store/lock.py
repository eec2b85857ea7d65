"""An exclusive lock beside a file that says who holds it and leaves nothing behind.

Writers of one notes file take ``<file>.lock`` with ``flock``. The holder writes its process
id and host into the lock file, so a writer that gives up can say who it waited for, and
deletes the lock file before letting go, so no ``.lock`` is left in the user's folder.
Deleting a lock file that others may be waiting on is safe only because every writer,
once it holds the lock, checks that the file it locked is still the one at the path; if
the holder before it deleted it, it locks the new one instead. (A writer killed with the
lock held leaves the file behind; the kernel releases the lock, and the next writer to
take it deletes the file.) POSIX only, like the rest of the store's durability promises.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

_POLL_SECONDS = 0.05


class LockBusyError(Exception):
    """Another writer held the lock for the whole timeout; ``holder`` says who, if known."""

    def __init__(self, path: Path, holder: str | None) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"{path} is held by {holder or 'another program'}")


@contextlib.contextmanager
def exclusive(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock at ``path`` for the ``with`` block, waiting at most ``timeout`` seconds.

    Raises :class:`LockBusyError` if it stays busy, :class:`OSError` if it cannot be made.
    """
    fd = _acquire(path, time.monotonic() + timeout)
    try:
        _write_holder(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still holding it: see the module's docstring
        os.close(fd)


def _acquire(path: Path, deadline: float) -> int:
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockBusyError(path, _holder(path)) from None
            time.sleep(_POLL_SECONDS)
            continue
        except BaseException:
            os.close(fd)
            raise
        if _is_at(fd, path):
            return fd
        os.close(fd)  # its holder deleted it as we waited: lock the one at the path now


def _open(path: Path) -> int:
    flags = os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        return os.open(path, os.O_RDWR | flags, 0o644)
    except PermissionError:  # another user's lock file: locking needs no write access
        return os.open(path, os.O_RDONLY | flags)


def _is_at(fd: int, path: Path) -> bool:
    try:
        here = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _write_holder(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)


def _holder(path: Path) -> str | None:
    """``process 1234 on host h``, as the holder wrote it, or None if it cannot be read."""
    try:
        with open(path, "rb") as file:
            words = file.read(256).decode("utf-8", "replace").split()
    except OSError:
        return None
    if len(words) != 2 or not words[0].isdigit():
        return None
    return f"process {words[0]} on host {words[1]!r}"
