"""Load the meetings dataset: read, parse, validate, and report every problem at once.

A large dataset is parsed once and cached keyed on a hash of the file's bytes, so a changed
file can never be served from a stale cache. The cache holds the validated data as plain
values in ``marshal`` format (it loads ~10x faster than TOML and, unlike pickle, cannot run
code); it is validated again on the way in, so a damaged cache is rebuilt, never trusted.
:func:`load_dataset_with_digest` also hands out that hash, so that what is derived from the
dataset (the search index, :mod:`cpec_tui.store.cache`) is cached under the same key.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pydantic
from pydantic_core import ErrorDetails

from cpec_tui import __version__, paths
from cpec_tui.models import Dataset, cross_record_problems
from cpec_tui.store.errors import DatasetError
from cpec_tui.store.files import atomic_write
from cpec_tui.store.locate import LineIndex
from cpec_tui.store.problems import (
    Loc,
    MalformedTomlError,
    NotUtf8Error,
    describe,
    format_problems,
    read_toml,
    validation_problems,
)

# Below this size tomllib is faster than hashing plus a cache round trip is worth.
CACHE_MIN_BYTES = 256 * 1024

# Each array of tables whose items problems name: `meeting 'jwg-icc-4'`, `source 's1'`.
_RECORDS = {"meetings": ("meeting", "id"), "sources": ("source", "key")}


class LoadedDataset(NamedTuple):
    """A validated dataset and the digest of the file it was read from."""

    dataset: Dataset
    digest: str | None
    """:func:`content_digest` of the file's bytes if the file is big enough to be cached
    (``CACHE_MIN_BYTES``), else None: then nothing derived from it should be cached either."""


def load_dataset(path: Path) -> Dataset:
    """The validated dataset at ``path``; raises :class:`DatasetError` naming every problem."""
    return load_dataset_with_digest(path).dataset


def load_dataset_with_digest(path: Path) -> LoadedDataset:
    """:func:`load_dataset`, with the digest that keys caches of what is derived from it."""
    data = _read(path)
    digest = content_digest(data) if len(data) >= CACHE_MIN_BYTES else None
    cache_file = _cache_file(digest) if digest is not None else None
    if cache_file is not None:
        cached = _from_cache(cache_file)
        if cached is not None:
            return LoadedDataset(cached, digest)
    text, document = _read_toml(path, data)
    dataset = _validate(path, text, document)
    if cache_file is not None:
        with contextlib.suppress(OSError):
            atomic_write(cache_file, marshal.dumps(dataset.model_dump(exclude_none=True)))
    return LoadedDataset(dataset, digest)


def content_digest(data: bytes) -> str:
    """The hex digest that identifies a dataset file's content (blake2b, 160 bits)."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(
            str(path),
            [f"{path}: no such file. Point --data (or CPEC_TUI_DATA) at a meetings TOML file."],
        ) from None
    except IsADirectoryError:
        raise DatasetError(
            str(path), [f"{path}: is a directory, not a meetings TOML file."]
        ) from None
    except OSError as error:
        raise DatasetError(str(path), [f"{path}: cannot be read: {error.strerror}."]) from None


def _read_toml(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    try:
        text, document = read_toml(path, data)
    except NotUtf8Error as problem:
        raise DatasetError(str(path), [f"{problem}. Save it as UTF-8 and try again."]) from None
    except MalformedTomlError as problem:
        raise DatasetError(str(path), [f"{problem}."]) from None
    if not document:
        raise DatasetError(
            str(path),
            [
                f"{path}: the file is empty. A dataset needs `version = 1`, a [[sources]] "
                "table for each source and a [[meetings]] table for each meeting."
            ],
        )
    return text, document


def _validate(path: Path, text: str, document: dict[str, Any]) -> Dataset:
    problems: list[tuple[Loc, str]] = []
    dataset: Dataset | None = None
    try:
        with _gc_paused():
            dataset = Dataset.model_validate(document)
    except pydantic.ValidationError as error:
        problems += validation_problems(error, _describe)
    problems += [(problem.loc, problem.message) for problem in cross_record_problems(document)]
    if problems:
        raise DatasetError(
            str(path), format_problems(path, LineIndex(text), document, problems, _RECORDS)
        )
    assert dataset is not None
    return dataset


def _describe(error: ErrorDetails) -> str:
    """:func:`~cpec_tui.store.problems.describe`, but a wrong ``version`` says what is read."""
    if error["loc"] == ("version",) and error["type"] not in ("missing", "extra_forbidden"):
        return f"{error['input']!r} is not a dataset version this cpec-tui reads (it reads 1)"
    return describe(error, "this format")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Bulk validation allocates many objects that all live on; skip futile GC passes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _cache_file(digest: str) -> Path:
    key = f"{digest}/{__version__}/{pydantic.VERSION}/marshal{marshal.version}"
    name = hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
    return paths.cache_dir() / "datasets" / f"{name}.marshal"


def _from_cache(cache_file: Path) -> Dataset | None:
    try:
        raw = cache_file.read_bytes()
    except OSError:
        return None
    try:
        with _gc_paused():
            return Dataset.model_validate(marshal.loads(raw))
    except (ValueError, EOFError, TypeError, pydantic.ValidationError):
        return None
