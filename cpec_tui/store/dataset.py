"""Load the meetings dataset: read, parse, validate, and report every problem at once.

A small dataset is validated into models and kept as they are. A large one (from
``CACHE_MIN_BYTES``) is validated a meeting at a time and packed
(:class:`~cpec_tui.meetings.Meetings`), so memory holds the models of a few meetings, not of
all of them; the packed meetings are cached keyed on a hash of the file's bytes, so a changed
file can never be served from a stale cache, and the next start skips parsing and validating.
:func:`load_dataset` also hands out that hash, so that what else is derived from the dataset
(the search index) is cached under the same key (:mod:`cpec_tui.store.cache`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import pydantic
from pydantic_core import ErrorDetails

from cpec_tui.meetings import PACK_FORMAT, Meetings, Sources
from cpec_tui.models import Dataset, Meeting, cross_record_problems
from cpec_tui.store import cache
from cpec_tui.store.errors import DatasetError
from cpec_tui.store.files import NotRegularFileError, open_regular
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

# Below this size a dataset is kept as models: parsing it costs less than a cache round trip.
CACHE_MIN_BYTES = 256 * 1024
MAX_BYTES = 1024 * 2**20
"""The largest dataset file read (1 GB, some 270,000 meetings): a larger one is refused
rather than left to exhaust memory."""

# Each array of tables whose items problems name: `meeting 'jwg-icc-4'`, `source 's1'`.
_RECORDS = {"meetings": ("meeting", "id"), "sources": ("source", "key")}


class LoadedDataset(NamedTuple):
    """A validated dataset: its sources, its meetings (newest first) and its file's digest."""

    sources: Sources
    meetings: Meetings
    digest: str | None
    """:func:`content_digest` of the file's bytes if the file is big enough to be cached
    (``CACHE_MIN_BYTES``), else None: then nothing derived from it should be cached either."""


def load_dataset(
    path: Path, progress: Callable[[str], object] | None = None, *, use_cache: bool = True
) -> LoadedDataset:
    """The validated dataset at ``path``; raises :class:`DatasetError` naming every problem.

    ``progress`` hears how far a first read of a large file has got (it takes minutes at
    100,000 meetings). ``use_cache=False`` reads and judges the file itself even if a state
    of it is cached (what ``validate`` must do: its verdict is on the file); the state it
    makes is still cached for the next start.
    """
    size = _size(path)
    if size < CACHE_MIN_BYTES:
        dataset = _validate(path, *_read_toml(path, _read(path)))
        return LoadedDataset(Sources.of(dataset.sources), Meetings.of(dataset.meetings), None)
    if use_cache:
        # Hashed as it is read, never held whole: at 100,000 meetings the file is 370 MB.
        cached = _from_cache(_file_digest(path))
        if cached is not None:
            return cached
    try:
        loaded = _load_in_groups(path, size, progress or (lambda step: None))
    except _Irregular:
        data = _read(path)
        dataset = _validate(path, *_read_toml(path, data))
        sources, meetings = Sources.packed(dataset.sources), Meetings.packed(dataset.meetings)
        loaded = LoadedDataset(sources, meetings, content_digest(data))
    assert loaded.digest is not None
    state = {
        "sources": loaded.sources.state(),
        "meetings": loaded.meetings.state(),
    }
    cache.write_state("dataset", loaded.digest, PACK_FORMAT, state)
    return loaded


def content_digest(data: bytes) -> str:
    """The hex digest that identifies a dataset file's content (blake2b, 160 bits)."""
    hasher = _hasher()
    hasher.update(data)
    return hasher.hexdigest()


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn the errors of opening or reading ``path`` into a :class:`DatasetError`."""
    try:
        yield
    except FileNotFoundError:
        raise DatasetError(
            str(path),
            [f"{path}: no such file. Point --data (or CPEC_TUI_DATA) at a meetings TOML file."],
        ) from None
    except OSError as error:
        raise DatasetError(str(path), [f"{path}: cannot be read: {error.strerror}."]) from None


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[BinaryIO, int]]:
    """The dataset file open for reading, and its size; only a regular file of at most
    ``MAX_BYTES`` is opened (a FIFO would block, ``/dev/zero`` never end)."""
    with _reading(path):
        try:
            file, info = open_regular(path)
        except NotRegularFileError as error:
            raise DatasetError(
                str(path),
                [
                    f"{path}: is {error.kind}, not a meetings TOML file. Point --data (or "
                    "CPEC_TUI_DATA) at a regular file."
                ],
            ) from None
        with file:
            if info.st_size > MAX_BYTES:
                raise DatasetError(
                    str(path),
                    [
                        f"{path}: is {info.st_size / 2**20:,.0f} MB, more than the "
                        f"{MAX_BYTES // 2**20:,} MB a dataset may be. Check that it is the "
                        "meetings TOML file meant."
                    ],
                )
            yield file, info.st_size


def _changed(path: Path, size: int) -> DatasetError:
    return DatasetError(
        str(path),
        [
            f"{path}: the file changed while it was being read (it was {size:,} bytes when "
            "opened). Try again once whatever is writing it has finished."
        ],
    )


def _size(path: Path) -> int:
    with _opened(path) as (_, size):
        return size


def _read(path: Path) -> bytes:
    """The file's bytes: exactly as many as it had when opened, or :func:`_changed`."""
    with _opened(path) as (file, size):
        data = file.read(size + 1)
    if len(data) != size:
        raise _changed(path, size)
    return data


def _file_digest(path: Path) -> str:
    """:func:`content_digest` of the file, read a block at a time."""
    hasher = _hasher()
    with _opened(path) as (file, size):
        done = 0
        while block := file.read(min(1 << 20, size + 1 - done)):
            hasher.update(block)
            done += len(block)
    if done != size:
        raise _changed(path, size)
    return hasher.hexdigest()


def _hasher() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=20)


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


class _Irregular(Exception):
    """A dataset :func:`_load_in_groups` does not vouch for: it goes the whole-file way."""


# A line that opens a top-level array of tables: the only places a file is cut into groups.
_GROUP_START = re.compile(rb"\[\[[ \t]*(?:meetings|sources)[ \t]*\]\][ \t]*(?:#.*)?\r?\n?")
_MEETINGS_PER_GROUP = 500


def _load_in_groups(path: Path, size: int, progress: Callable[[str], object]) -> LoadedDataset:
    """Parse, validate and pack a large file a few hundred meetings at a time.

    Memory then holds the packed meetings and one group's parsed tables, never the whole
    file, its text or all its tables: at 100,000 meetings that is the difference between a
    few hundred megabytes and several gigabytes. A file is cut only before a line that opens
    a ``[[meetings]]`` or ``[[sources]]`` table, so each group is TOML on its own; such a
    line inside a multi-line string leaves the group before it unterminated, which fails to
    parse. Raises :class:`_Irregular` at the first sign of anything the whole-file way
    should judge (a parse error, a problem in a record, a key defined twice), never a
    :class:`DatasetError` of its own: that way words every problem with its line.
    """
    hasher = _hasher()
    shell: dict[str, Any] = {}
    sources: list[Any] = []
    ids: set[str] = set()
    cited: set[str] = set()
    related: set[str] = set()
    done = 0  # bytes parsed

    def groups() -> Iterator[dict[str, Any]]:
        nonlocal done
        with _opened(path) as (file, opened_size):
            group = bytearray()
            starts = 0
            for line in file:
                if done + len(group) + len(line) > opened_size:
                    raise _changed(path, opened_size)
                if line.startswith(b"[[") and _GROUP_START.fullmatch(line):
                    starts += 1
                    if starts > _MEETINGS_PER_GROUP:
                        hasher.update(group)
                        done += len(group)
                        yield _parsed(group)
                        group.clear()
                        starts = 1
                group += line
            if done + len(group) != opened_size:
                raise _changed(path, opened_size)
            hasher.update(group)
            yield _parsed(group)

    def meetings() -> Iterator[Meeting]:
        for document in groups():
            for key, value in document.items():
                if key == "meetings" and isinstance(value, list):
                    for raw in value:
                        meeting = Meeting.model_validate(raw)
                        if meeting.id in ids:
                            raise _Irregular
                        ids.add(meeting.id)
                        cited.update(meeting.all_source_keys())
                        related.update(meeting.related)
                        yield meeting
                elif key == "sources" and isinstance(value, list):
                    sources.extend(value)
                elif key in shell or key in ("meetings", "sources"):
                    raise _Irregular
                else:
                    shell[key] = value
            percent = min(done * 100 // max(size, 1), 99)
            progress(f"Reading {path.name}: {len(ids):,} meetings ({percent}%)…")

    try:
        with _gc_paused():
            packed = Meetings.packed(meetings())
            dataset = Dataset.model_validate({**shell, "sources": sources, "meetings": []})
    except pydantic.ValidationError:
        raise _Irregular from None
    keys = [source.key for source in dataset.sources]
    if len(set(keys)) != len(keys) or not cited <= set(keys) or not related <= ids:
        raise _Irregular
    return LoadedDataset(Sources.packed(dataset.sources), packed, hasher.hexdigest())


def _parsed(group: bytearray) -> dict[str, Any]:
    try:
        return tomllib.loads(group.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise _Irregular from None


def _from_cache(digest: str) -> LoadedDataset | None:
    """The packed dataset cached for ``digest``, if there is one that still reads."""
    state = cache.read_state("dataset", digest, PACK_FORMAT)
    if not isinstance(state, dict):
        return None
    try:
        sources = Sources.from_state(state["sources"])
        meetings = Meetings.from_state(state["meetings"])
        # The models of this cpec-tui still read what was packed:
        for key in itertools.islice(sources, 1):
            sources[key]
        if len(meetings):
            meetings[0]
    except Exception:  # a state that does not fit, in any way, is damaged: read the file
        return None
    return LoadedDataset(sources, meetings, digest)
