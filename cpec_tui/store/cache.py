"""Caches of what is derived from a dataset file, keyed on the digest of its bytes.

Two kinds of state are cached: ``"dataset"``, the validated meetings packed
(:meth:`cpec_tui.meetings.Meetings.state`), and ``"index"``, the search index
(:meth:`cpec_tui.search.SearchEngine.index_state`). Parsing and validating a large dataset,
or building its index, takes seconds; reading back a state takes a small fraction of that.
A state is filed under the digest of the dataset file's bytes (as
:func:`cpec_tui.store.dataset.load_dataset` gives it) together with its kind, its format and
what else shapes the bytes or their meaning (cpec-tui's and pydantic's versions, Python's
``marshal`` and Unicode versions, the byte order), so a changed dataset or a new cpec-tui can
never be served an old state. The file starts with its own key and a checksum of the rest, so
a damaged, truncated or misplaced file is ignored (and then rebuilt), never trusted. Only
the few states of each kind used last are kept (``KEPT_PER_KIND``).

``marshal``, not pickle: loading it cannot run code. This module knows nothing of what a
state holds; the packages that make states never touch files.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic.version import VERSION as PYDANTIC_VERSION

from cpec_tui import __version__, paths

Kind = Literal["dataset", "index"]

_MAGIC = b"cpec-tui cache\n"
KEPT_PER_KIND = 4
"""States kept of each kind, the most recently used: a large dataset's take ~1.8 KB a
meeting, and every edit of its file makes new ones."""
_FOLDERS: dict[Kind, str] = {"dataset": "datasets", "index": "indexes"}
_CHECKSUM_BYTES = 32


def cache_key(kind: Kind, digest: str, state_format: int) -> str:
    """The key of a ``kind`` of state of the dataset file whose content digest is ``digest``."""
    version = sys.version_info
    parts = "/".join(
        [
            digest,
            f"cpec-tui {__version__}",
            f"pydantic {PYDANTIC_VERSION}",
            f"{kind} {state_format}",
            f"marshal {marshal.version}",
            f"python {version.major}.{version.minor}",
            f"unicode {unicodedata.unidata_version}",
            sys.byteorder,
        ]
    )
    return hashlib.blake2b(parts.encode(), digest_size=20).hexdigest()


def _file(kind: Kind, key: str) -> Path:
    return paths.cache_dir() / _FOLDERS[kind] / f"{key}.marshal"


def _header(key: str) -> bytes:
    return _MAGIC + key.encode("ascii") + b"\n"


def read_state(kind: Kind, digest: str, state_format: int) -> object | None:
    """The cached ``kind`` of state for ``digest``, or None if there is none or it is damaged.

    What comes back is only known to be what was written: its maker checks that it fits.
    """
    key = cache_key(kind, digest, state_format)
    path = _file(kind, key)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be pruned
    header = _header(key)
    start = len(header) + _CHECKSUM_BYTES
    if len(raw) <= start or not raw.startswith(header):
        return None
    payload = memoryview(raw)[start:]
    checksum = hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    if checksum != raw[len(header) : start]:
        return None
    collecting = gc.isenabled()
    gc.disable()  # loading makes many containers, none in a cycle
    try:
        state: object = marshal.loads(payload)
        return state
    except (ValueError, EOFError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()


def write_state(kind: Kind, digest: str, state_format: int, state: dict[str, Any]) -> bool:
    """Cache ``state`` (plain values) for ``digest``; False if it could not be written."""
    key = cache_key(kind, digest, state_format)
    try:
        payload = marshal.dumps(state)
    except ValueError:  # not plain values: a bug, but not worth failing to start over
        return False
    checksum = hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    path = _file(kind, key)
    try:
        _replace(path, (_header(key), checksum, payload))
    except OSError:
        return False
    _prune(path.parent)
    return True


def _prune(folder: Path) -> None:
    """Delete all but the ``KEPT_PER_KIND`` most recently used states in ``folder``.

    Another process may be reading one of them: on POSIX an open file outlives its name, and
    a state that is gone is only rebuilt.
    """
    with contextlib.suppress(OSError):
        states = [(entry.stat().st_mtime, entry) for entry in folder.glob("*.marshal")]
        states.sort(reverse=True)
        for _, entry in states[KEPT_PER_KIND:]:
            with contextlib.suppress(OSError):
                entry.unlink()


def _replace(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``path`` whole or not at all (a reader never sees half a file).

    Unlike :func:`cpec_tui.store.files.atomic_write` it does not wait for the disk (a cache
    lost in a power cut is rebuilt) and writes the chunks without joining them (at 100,000
    meetings a state is tens of megabytes: a copy would add to the peak memory).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
