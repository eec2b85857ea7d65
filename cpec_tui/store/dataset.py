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
import os
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
    TomlTextError,
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
    """:func:`content_digest` of the file, read a block at a time, or the one remembered
    for it while the file is unchanged since (:func:`cache.known_digest`)."""
    with _opened(path) as (file, size):
        before = _signature(os.fstat(file.fileno()))
        known = cache.known_digest(path, before)
        if known is not None:
            return known
        hasher = _hasher()
        done = 0
        while block := file.read(min(1 << 20, size + 1 - done)):
            hasher.update(block)
            done += len(block)
        after = _signature(os.fstat(file.fileno()))
    if done != size or after != before:
        raise _changed(path, size)
    digest = hasher.hexdigest()
    cache.remember_digest(path, before, digest)
    return digest


def _signature(info: os.stat_result) -> cache.Signature:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


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


class _Group(NamedTuple):
    """Where a group is in the file, so that its problems name the file's lines."""

    start: int
    """Offset of its first byte."""
    end: int
    lines: int
    """Lines of the file before it."""
    first: dict[str, int]
    """Index in the whole file of its first meeting and of its first source."""


def _load_in_groups(path: Path, size: int, progress: Callable[[str], object]) -> LoadedDataset:
    """Parse, validate and pack a large file a few hundred meetings at a time.

    Memory then holds the packed meetings and one group's parsed tables, never the whole
    file, its text or all its tables: at 100,000 meetings that is the difference between a
    few hundred megabytes and several gigabytes. A file is cut only before a line that opens
    a ``[[meetings]]`` or ``[[sources]]`` table, so each group is TOML on its own; such a
    line inside a multi-line string leaves the group before it unterminated, which fails to
    parse.

    Problems are found and worded as the whole-file way words them, at the same cost as a
    load: each group's as it is read (packing stops at the first), and at the end what only
    the whole file can tell (unknown sources and meetings, duplicate keys, the top-level
    fields), reading again only the groups concerned. Raises :class:`DatasetError` naming
    every problem, or :class:`_Irregular` where the whole-file way must judge: a parse error
    that may come from the cut, a key defined twice.
    """
    hasher = _hasher()
    shell: dict[str, Any] = {}
    shell_groups: dict[str, int] = {}
    sources: list[Any] = []
    source_groups: list[int] = []
    ids: set[str] = set()
    groups: list[_Group] = []
    references: list[tuple[set[str], set[str]]] = []  # each group's cited sources, links
    problems: dict[int, list[tuple[Loc, str]]] = {}  # by group
    done = 0  # bytes parsed
    meetings_seen = 0

    def documents() -> Iterator[dict[str, Any]]:
        nonlocal done
        with _opened(path) as (file, opened_size):
            group = bytearray()
            starts = lines = 0
            for line in file:
                if done + len(group) + len(line) > opened_size:
                    raise _changed(path, opened_size)
                if line.startswith(b"[[") and _GROUP_START.fullmatch(line):
                    starts += 1
                    if starts > _MEETINGS_PER_GROUP:
                        yield read(group, lines)
                        lines += group.count(b"\n")
                        group.clear()
                        starts = 1
                group += line
            if done + len(group) != opened_size:
                raise _changed(path, opened_size)
            yield read(group, lines)

    def read(group: bytearray, lines: int) -> dict[str, Any]:
        nonlocal done
        hasher.update(group)
        groups.append(
            _Group(
                done, done + len(group), lines, {"meetings": meetings_seen, "sources": len(sources)}
            )
        )
        references.append((set(), set()))
        done += len(group)
        return _parsed(path, group, lines, last=done == size)

    def meetings() -> Iterator[Meeting]:
        nonlocal meetings_seen
        for document in documents():
            g = len(groups) - 1
            cited, related = references[g]
            for key, value in document.items():
                if key == "meetings" and isinstance(value, list):
                    for raw in value:
                        index, meetings_seen = meetings_seen, meetings_seen + 1
                        meeting_id = raw.get("id") if isinstance(raw, dict) else None
                        if isinstance(meeting_id, str):
                            if meeting_id in ids:
                                loc: Loc = ("meetings", index, "id")
                                problems.setdefault(g, []).append(
                                    (loc, f"duplicate id {meeting_id!r}")
                                )
                            ids.add(meeting_id)
                        try:
                            meeting = Meeting.model_validate(raw)
                        except pydantic.ValidationError as error:
                            problems.setdefault(g, []).extend(
                                (("meetings", index, *where), message)
                                for where, message in validation_problems(error, _describe)
                            )
                            continue
                        cited.update(meeting.all_source_keys())
                        related.update(meeting.related)
                        if not problems:
                            yield meeting
                elif key == "sources" and isinstance(value, list):
                    sources.extend(value)
                    source_groups.extend(itertools.repeat(g, len(value)))
                elif key in shell or key in ("meetings", "sources"):
                    raise _Irregular
                else:
                    shell[key] = value
                    shell_groups[key] = g
            percent = min(done * 100 // max(size, 1), 99)
            progress(f"Reading {path.name}: {meetings_seen:,} meetings ({percent}%)…")

    dataset: Dataset | None = None
    with _gc_paused():
        packed = Meetings.packed(meetings())
        try:
            dataset = Dataset.model_validate({**shell, "sources": sources, "meetings": []})
        except pydantic.ValidationError as error:
            for loc, message in validation_problems(error, _describe):
                if loc[:1] == ("sources",) and isinstance(loc[1], int):
                    g = source_groups[loc[1]]
                else:
                    g = shell_groups.get(str(loc[0]), -1) if loc else -1
                problems.setdefault(g, []).append((loc, message))
    keys: set[str] = set()
    for index, source in enumerate(sources):
        key = source.get("key") if isinstance(source, dict) else None
        if isinstance(key, str):
            if key in keys:
                message = f"duplicate key {key!r}"
                problems.setdefault(source_groups[index], []).append(
                    (("sources", index, "key"), message)
                )
            keys.add(key)
    for g, (cited, related) in enumerate(references):
        if g in problems or not cited <= keys or not related <= ids:
            problems.setdefault(g, [])  # judged again below, with the whole file's keys
    if problems:
        raise DatasetError(str(path), _group_problems(path, groups, problems, keys, ids))
    assert dataset is not None
    return LoadedDataset(Sources.packed(dataset.sources), packed, hasher.hexdigest())


class _GroupLines(LineIndex):
    """The lines of one group's text, as line numbers of the whole file and by the indexes of
    records in the whole file."""

    def __init__(self, text: str, group: _Group) -> None:
        super().__init__(text)
        self._group = group

    def line_of(self, path: Loc) -> int | None:
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in self._group.first:
            path = (path[0], path[1] - self._group.first[str(path[0])], *path[2:])
        line = super().line_of(path)
        return None if line is None else line + self._group.lines


def _group_problems(
    path: Path,
    groups: list[_Group],
    problems: dict[int, list[tuple[Loc, str]]],
    keys: set[str],
    ids: set[str],
) -> list[str]:
    """Every problem worded with its line, in the file's order; each group concerned is read
    again (with its references checked against the whole file's ``keys`` and ``ids``)."""
    located: list[tuple[int, str]] = []
    # Cross-checked against the whole file's keys and ids: every other meeting stands in as
    # an id (the repeats of the group's own ids that this makes are not reported).
    others = [{"id": other} for other in ids]
    known = [{"key": key} for key in keys]
    with _opened(path) as (file, _):
        for g, found in sorted(problems.items()):
            if g < 0:  # a top-level field that is missing: no line to name
                located += [
                    (0, line) for line in format_problems(path, LineIndex(""), {}, found, _RECORDS)
                ]
                continue
            group = groups[g]
            file.seek(group.start)
            text = file.read(group.end - group.start).decode("utf-8").removeprefix("\ufeff")
            document = tomllib.loads(text)
            padded = {
                name: [None] * group.first[name] + list(document.get(name) or [])
                for name in ("meetings", "sources")
            }
            own = range(group.first["meetings"], len(padded["meetings"]))
            found += [
                (problem.loc, problem.message)
                for problem in cross_record_problems(
                    {"sources": known, "meetings": [*padded["meetings"], *others]}
                )
                if problem.loc[0] == "meetings"
                and problem.loc[1] in own
                and not problem.message.startswith("duplicate")
            ]
            lines = _GroupLines(text, group)
            for loc, message in found:
                worded = format_problems(path, lines, padded, [(loc, message)], _RECORDS)
                located.append((lines.line_of(loc) or 0, worded[0]))
    located.sort(key=lambda problem: problem[0])
    return [problem for _, problem in located]


def _parsed(path: Path, group: bytearray, lines: int, *, last: bool) -> dict[str, Any]:
    """A group's tables; a located :class:`DatasetError` for a group that is not TOML, unless
    the problem is at its end and it is not the last (the cut may have made it)."""
    try:
        return read_toml(path, bytes(group))[1]
    except TomlTextError as problem:
        where = _POSITION.match(str(problem).removeprefix(f"{path}:"))
        assert where is not None
        line = int(where.group(1))
        if not last and line >= group.count(b"\n"):
            raise _Irregular from None
        advice = ". Save it as UTF-8 and try again." if isinstance(problem, NotUtf8Error) else "."
        message = f"{path}:{line + lines}{where.group(2)}"
        raise DatasetError(str(path), [message + advice]) from None


_POSITION = re.compile(r"(\d+)(.*)\Z", re.DOTALL)


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
