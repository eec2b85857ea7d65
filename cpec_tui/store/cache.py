"""Caches of what is derived from a dataset file, keyed on the digest of its bytes.

Two kinds of state are cached: ``"dataset"``, the validated meetings packed
(:meth:`cpec_tui.meetings.Meetings.state`), and ``"index"``, the search index
(:meth:`cpec_tui.search.SearchEngine.index_state`). Parsing and validating a large dataset,
or building its index, takes seconds; reading back a state takes a small fraction of that.
A state is filed under the digest of the dataset file's bytes (as
:func:`cpec_tui.store.dataset.load_dataset` gives it) together with its kind, its format and
what else shapes the bytes or their meaning (cpec-tui's and pydantic's versions, Python's
``marshal`` and Unicode versions, the byte order), so a changed dataset or a new cpec-tui can
never be served an old state. The format is versioned automatically too: the key covers the
source of every cpec-tui module that shapes the state (:func:`shape_digest`: the module that
makes it and all the cpec-tui modules it imports, followed through), so an edited model,
packing or index can never read a state made before the edit, whether or not someone bumped
a format number. The file starts with its own key and a checksum of the key and the rest,
keyed with a secret kept in the cache directory (made once per installation), so a damaged,
truncated, misplaced or hand-made file is ignored (and then rebuilt), never trusted; what
does not read back as a state of its kind is treated the same way, by this module and by
the makers of states. Only the few states of each kind used last are kept
(``KEPT_PER_KIND``).

``marshal``, not pickle: loading it cannot run code. This module knows nothing of what a
state holds; the packages that make states never touch files.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.util
import json
import marshal
import os
import re
import secrets
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
_SECRET_BYTES = 32

SHAPERS: dict[Kind, tuple[str, ...]] = {
    "dataset": ("cpec_tui.store.dataset", "cpec_tui.meetings"),
    "index": ("cpec_tui.search.engine", "cpec_tui.search.index"),
}
"""The modules that make each kind of state; with what they import, they shape it."""
_PACKAGE = "cpec_tui"
_IMPORT = re.compile(
    rb"^[ \t]*(?:import[ \t]+(cpec_tui[\w.]*)"
    rb"|from[ \t]+(cpec_tui[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*))",
    re.MULTILINE,
)


@functools.cache
def shape_digest(kind: Kind) -> str:
    """A digest of the source of every cpec-tui module that shapes a ``kind`` of state.

    Those are the modules in :data:`SHAPERS` and every cpec-tui module they import, followed
    through (imports inside functions too: better one needless rebuild than a stale state).
    Computed once per process, and only when a cache is used: reading some twenty files
    takes about a millisecond.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for name, source in sorted(_shaping_sources(SHAPERS[kind]).items()):
        hasher.update(f"{name}\0{len(source)}\0".encode())
        hasher.update(source)
    return hasher.hexdigest()


def _shaping_sources(roots: Iterable[str]) -> dict[str, bytes]:
    """The source of each module in ``roots`` and of every cpec-tui module they import."""
    sources: dict[str, bytes] = {}
    waiting = list(roots)
    while waiting:
        name = waiting.pop()
        if name in sources:
            continue
        source = _module_source(name)
        if source is None:  # ``from cpec_tui.x import y``, y a name, not a module
            continue
        sources[name] = source
        for imported, package, names in _IMPORT.findall(source):
            if imported:
                waiting.append(imported.decode())
                continue
            waiting.append(package.decode())
            for found in names.strip(b"()").split(b","):  # each may be a module too
                if words := found.split():
                    waiting.append(f"{package.decode()}.{words[0].decode()}")
    return sources


def _module_source(name: str) -> bytes | None:
    """The bytes of the file ``name`` is loaded from (its bytecode where no source ships)."""
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # a name inside a module that is not a package
        return None
    if spec is None or spec.origin is None or not spec.has_location:
        return None
    return Path(spec.origin).read_bytes()


def cache_key(kind: Kind, digest: str, state_format: int) -> str:
    """The key of a ``kind`` of state of the dataset file whose content digest is ``digest``."""
    version = sys.version_info
    parts = "/".join(
        [
            digest,
            f"cpec-tui {__version__}",
            f"pydantic {PYDANTIC_VERSION}",
            f"{kind} {state_format} {shape_digest(kind)}",
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


def _checksum(secret: bytes, header: bytes, payload: bytes | memoryview) -> bytes:
    """The keyed checksum of a state file: only this installation can make one that fits."""
    hasher = hashlib.blake2b(key=secret, digest_size=_CHECKSUM_BYTES)
    hasher.update(header)
    hasher.update(payload)
    return hasher.digest()


def _secret(create: bool) -> bytes | None:
    """The cache directory's secret (made if ``create``), or None if there is none."""
    path = paths.cache_dir() / "secret"
    with contextlib.suppress(OSError):
        secret = path.read_bytes()
        if len(secret) == _SECRET_BYTES:
            return secret
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".secret.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(secrets.token_bytes(_SECRET_BYTES))
            os.replace(temporary, path)  # (two first writers: the last one's stands)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return None
    return _secret(create=False)


def read_state(kind: Kind, digest: str, state_format: int) -> object | None:
    """The cached ``kind`` of state for ``digest``, or None if there is none or it is damaged.

    What comes back is only known to be what was written: its maker checks that it fits.
    """
    key = cache_key(kind, digest, state_format)
    path = _file(kind, key)
    secret = _secret(create=False)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if secret is None:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be pruned
    header = _header(key)
    start = len(header) + _CHECKSUM_BYTES
    if len(raw) <= start or not raw.startswith(header):
        return None
    payload = memoryview(raw)[start:]
    if _checksum(secret, header, payload) != raw[len(header) : start]:
        return None
    return unmarshal(payload)


def unmarshal(payload: bytes | memoryview) -> object | None:
    """The plain values in ``payload``, or None if it does not read back as any."""
    collecting = gc.isenabled()
    gc.disable()  # loading makes many containers, none in a cycle
    try:
        state: object = marshal.loads(payload)
        return state
    except Exception:  # whatever fails to read back is damaged, never fatal
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
    secret = _secret(create=True)
    if secret is None:
        return False
    header = _header(key)
    path = _file(kind, key)
    try:
        _replace(path, (header, _checksum(secret, header, payload), payload))
    except OSError:
        return False
    _prune(path.parent)
    return True


Signature = tuple[int, int, int, int, int]
"""A file's ``(st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)``: any write to it, or its
replacement, changes the signature (the kernel sets ``ctime``; no tool can set it back)."""


def _digest_file(path: Path) -> Path:
    name = hashlib.blake2b(os.fsencode(os.path.abspath(path)), digest_size=16).hexdigest()
    return paths.cache_dir() / "digests" / f"{name}.json"


def known_digest(path: Path, signature: Signature) -> str | None:
    """The content digest remembered for the file at ``path`` if it still has ``signature``.

    Hashing a 370 MB dataset takes most of a second; a warm start of any front end only
    ``stat`` s the file instead. A file written since (its signature differs) is hashed
    afresh, so a changed file is never taken for the old one.
    """
    try:
        known = json.loads(_digest_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or known.get("signature") != list(signature):
        return None
    digest = known.get("digest")
    return digest if isinstance(digest, str) and len(digest) == 40 else None


def remember_digest(path: Path, signature: Signature, digest: str) -> None:
    """Remember ``digest`` for the file at ``path`` while it keeps ``signature``."""
    record = {"path": os.path.abspath(path), "signature": list(signature), "digest": digest}
    with contextlib.suppress(OSError):
        _replace(_digest_file(path), [json.dumps(record).encode()])


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
