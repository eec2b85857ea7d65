"""The search index cache: an index state saved beside the dataset cache, keyed like it.

Building the search index of a large dataset takes seconds; reading back the state the index
exported (:meth:`cpec_tui.search.SearchEngine.index_state`) takes a small fraction of that.
A state is filed under the digest of the dataset file's bytes (as
:func:`cpec_tui.store.dataset.load_dataset_with_digest` gives it) together with the index
format, cpec-tui's version and what else shapes the bytes or the index (Python's ``marshal``
and Unicode versions, the byte order), so a changed dataset or a new cpec-tui can never be
served an old index. The file starts with its own key and a checksum of the rest, so a
damaged, truncated or misplaced file is ignored (and then rebuilt), never trusted.

``marshal``, not pickle: loading it cannot run code. This module knows nothing of the
index's content; the search package never touches files.
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
from typing import Any

from cpec_tui import __version__, paths

_MAGIC = b"cpec-tui search index\n"
_CHECKSUM_BYTES = 32


def index_cache_key(digest: str, index_format: int) -> str:
    """The key of the index state of the dataset file whose content digest is ``digest``."""
    version = sys.version_info
    parts = "/".join(
        [
            digest,
            f"cpec-tui {__version__}",
            f"index {index_format}",
            f"marshal {marshal.version}",
            f"python {version.major}.{version.minor}",
            f"unicode {unicodedata.unidata_version}",
            sys.byteorder,
        ]
    )
    return hashlib.blake2b(parts.encode(), digest_size=20).hexdigest()


def _file(key: str) -> Path:
    return paths.cache_dir() / "indexes" / f"{key}.marshal"


def _header(key: str) -> bytes:
    return _MAGIC + key.encode("ascii") + b"\n"


def read_index_state(digest: str, index_format: int) -> object | None:
    """The cached index state for ``digest``, or None if there is none or it is damaged.

    What comes back is only known to be what was written: the index checks that it fits.
    """
    key = index_cache_key(digest, index_format)
    try:
        raw = _file(key).read_bytes()
    except OSError:
        return None
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


def write_index_state(digest: str, index_format: int, state: dict[str, Any]) -> bool:
    """Cache ``state`` (plain values) for ``digest``; False if it could not be written."""
    key = index_cache_key(digest, index_format)
    try:
        payload = marshal.dumps(state)
    except ValueError:  # not plain values: a bug, but not worth failing to start over
        return False
    checksum = hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    try:
        _replace(_file(key), (_header(key), checksum, payload))
    except OSError:
        return False
    return True


def _replace(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``path`` whole or not at all (a reader never sees half a file).

    Unlike :func:`cpec_tui.store.files.atomic_write` it does not wait for the disk (a cache
    lost in a power cut is rebuilt) and writes the chunks without joining them (at 100,000
    meetings the state is tens of megabytes: a copy would add to the peak memory).
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
