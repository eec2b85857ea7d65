"""Load the meetings dataset: read, parse, validate, and report every problem at once.

A large dataset is parsed once and cached as JSON keyed on a hash of the file's bytes, so a
changed file can never be served from a stale cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic

from cpec_tui import __version__, paths
from cpec_tui.models import Dataset, cross_record_problems
from cpec_tui.store.errors import DatasetError
from cpec_tui.store.files import atomic_write
from cpec_tui.store.locate import LineIndex

# Below this size tomllib is faster than hashing plus a cache round trip is worth.
CACHE_MIN_BYTES = 256 * 1024

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_dataset(path: Path) -> Dataset:
    """The validated dataset at ``path``; raises :class:`DatasetError` naming every problem."""
    data = _read(path)
    cache_file = _cache_file(data) if len(data) >= CACHE_MIN_BYTES else None
    if cache_file is not None:
        cached = _from_cache(cache_file)
        if cached is not None:
            return cached
    text = _decode(path, data)
    document = _parse(path, text)
    dataset = _validate(path, text, document)
    if cache_file is not None:
        with contextlib.suppress(OSError):
            atomic_write(cache_file, dataset.model_dump_json(exclude_none=True).encode())
    return dataset


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


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DatasetError(
            str(path),
            [
                f"{path}:{line}:{column}: the file is not UTF-8 text (byte "
                f"0x{data[error.start]:02x}). Save it as UTF-8 and try again."
            ],
        ) from None
    return text.removeprefix("\ufeff")


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11-3.13 give the position only inside the message text.
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position:
            where = f"{path}:{position.group(1)}:{position.group(2)}"
        else:
            where = f"{path}:{text.count(chr(10)) + 1}"
        detail = _TOML_POSITION.sub("", message).replace(" (at end of document)", " at the end")
        raise DatasetError(
            str(path), [f"{where}: malformed TOML: {detail[:1].lower()}{detail[1:]}."]
        ) from None
    if not document:
        raise DatasetError(
            str(path),
            [
                f"{path}: the file is empty. A dataset needs `version = 1`, a [[sources]] "
                "table for each source and a [[meetings]] table for each meeting."
            ],
        )
    return document


def _validate(path: Path, text: str, document: dict[str, Any]) -> Dataset:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    dataset: Dataset | None = None
    try:
        with _gc_paused():
            dataset = Dataset.model_validate(document)
    except pydantic.ValidationError as error:
        problems += [(tuple(e["loc"]), _describe(e)) for e in error.errors()]
    problems += [(problem.loc, problem.message) for problem in cross_record_problems(document)]
    if problems:
        lines = LineIndex(text)
        problems.sort(key=lambda problem: lines.line_of(problem[0]) or 0)
        raise DatasetError(
            str(path),
            [_format(path, lines, document, loc, message) for loc, message in problems],
        )
    assert dataset is not None
    return dataset


def _describe(error: Any) -> str:
    """A pydantic error as a sentence about the value, without pydantic's jargon."""
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field of this format (check its spelling)"
    if error["loc"] == ("version",):
        return f"{error['input']!r} is not a dataset version this cpec-tui reads (it reads 1)"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind != "value_error" and not isinstance(error["input"], dict | list):
        message += f" (got {error['input']!r})"
    return message


def _format(
    path: Path,
    lines: LineIndex,
    document: dict[str, Any],
    loc: tuple[str | int, ...],
    message: str,
) -> str:
    """``meetings.toml:41: meeting 'jwg-icc-4': co_chairs[1].country: 'XX' is not ...``."""
    line = lines.line_of(loc)
    where = f"{path}:{line}" if line is not None else str(path)
    record = ""
    field_loc = loc
    if len(loc) >= 2 and loc[0] in ("meetings", "sources") and isinstance(loc[1], int):
        collection, index, field_loc = loc[0], loc[1], loc[2:]
        items = document.get(collection)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        name = "meeting" if collection == "meetings" else "source"
        key = (
            item.get("id" if collection == "meetings" else "key")
            if isinstance(item, dict)
            else None
        )
        record = f" {name} {key!r}:" if isinstance(key, str) else f" {name} #{index + 1}:"
    field = _field_path(field_loc)
    return f"{where}:{record}{' ' + field + ':' if field else ''} {message}"


def _field_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


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


def _cache_file(data: bytes) -> Path:
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(f"{__version__}/{pydantic.VERSION}".encode())
    return paths.cache_dir() / "datasets" / f"{digest.hexdigest()}.json"


def _from_cache(cache_file: Path) -> Dataset | None:
    try:
        raw = cache_file.read_bytes()
    except OSError:
        return None
    try:
        with _gc_paused():
            return Dataset.model_validate_json(raw)
    except pydantic.ValidationError:
        return None
