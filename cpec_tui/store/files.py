"""Durable file writes, and what a path must be before the store reads or replaces it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFileError(Exception):
    """The path is not a regular file; ``kind`` says what it is ("a named pipe (FIFO)")."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        super().__init__(f"{path}: is {kind}, not a regular file")


def irregular_kind(mode: int) -> str | None:
    """What a file of ``st_mode`` ``mode`` is if it is not a regular file ("a directory"...).

    The store reads and writes only regular files: a FIFO blocks a reader, a device never
    ends (``/dev/zero``) or must not be replaced by a file (``/dev/null``).
    """
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """``path`` open for reading, and its ``fstat``; raises :class:`NotRegularFileError`
    (without blocking, even on a FIFO) if it is not a regular file.

    The check is made on the open descriptor, so the file cannot be swapped between the
    check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # a socket cannot be opened at all: say what it is, not ENXIO
        kind = irregular_kind(os.stat(path).st_mode)
        if kind is not None:
            raise NotRegularFileError(path, kind) from None
        raise
    try:
        info = os.fstat(fd)
        kind = irregular_kind(info.st_mode)
        if kind is not None:
            raise NotRegularFileError(path, kind)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb"), info


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    Writes a temporary file in the same directory (so the rename cannot cross filesystems),
    fsyncs it, renames it over the target, then fsyncs the directory so the rename itself
    survives a power cut. On any failure the temporary file is removed and the original is
    untouched. The new file keeps the old one's permission bits, and its owner and group
    where this process may set them (a group-shared file stays shared). A rename gives the
    path a new inode, so another hard link to the old file keeps the old content.
    """
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """:func:`atomic_write` of data made as it is written (an export too big to hold whole);
    an exception while making it leaves the original untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            for chunk in chunks:
                tmp.write(chunk)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(FileNotFoundError):
            _keep_attributes(tmp_name, os.stat(path))
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(path.parent)


def _keep_attributes(tmp_name: str, old: os.stat_result) -> None:
    try:
        os.chown(tmp_name, old.st_uid, old.st_gid)
    except OSError:  # only root may give a file away; a member may still set the group
        with contextlib.suppress(OSError):
            os.chown(tmp_name, -1, old.st_gid)
    os.chmod(tmp_name, stat.S_IMODE(old.st_mode))


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
