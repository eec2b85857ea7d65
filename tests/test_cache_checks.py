"""Caches are checked: keyed to this installation, versioned by the code, never fatal."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cpec_tui.store.dataset as dataset_module
from cpec_tui import paths
from cpec_tui.meetings import PACK_FORMAT, Meetings, Sources
from cpec_tui.search import SearchEngine
from cpec_tui.search.index import IndexStateError
from cpec_tui.store import cache
from cpec_tui.store.dataset import LoadedDataset, content_digest, load_dataset
from cpec_tui.store.errors import DatasetError
from tests.datasets import VALID, write


@pytest.fixture(autouse=True)
def cached(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cache even the tiny test datasets; work out the shaping digests afresh."""
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)
    cache.shape_digest.cache_clear()
    yield
    cache.shape_digest.cache_clear()


def _state_file() -> Path:
    [file] = (paths.cache_dir() / "datasets").glob("*.marshal")
    return file


def _split(file: Path, digest: str) -> tuple[bytes, bytes]:
    """The header and the payload of a dataset state file."""
    header = cache._header(cache.cache_key("dataset", digest, PACK_FORMAT))
    raw = file.read_bytes()
    assert raw.startswith(header)
    return header, raw[len(header) + 32 :]


def _same(loaded: LoadedDataset, fresh: LoadedDataset) -> bool:
    return (
        list(loaded.meetings) == list(fresh.meetings)
        and list(loaded.meetings.summaries) == list(fresh.meetings.summaries)
        and dict(loaded.sources) == dict(fresh.sources)
    )


def _planted(tmp_path: Path) -> tuple[Path, LoadedDataset]:
    """A malformed dataset file with, under its digest, the state of a valid one."""
    valid = load_dataset(write(tmp_path, name="valid.toml"))
    bad = write(tmp_path, VALID.replace('country = "CN"', 'country = "XX"'), name="bad.toml")
    digest = content_digest(bad.read_bytes())
    state = {"sources": valid.sources.state(), "meetings": valid.meetings.state()}
    assert cache.write_state("dataset", digest, PACK_FORMAT, state)
    return bad, valid


def test_a_hand_made_entry_without_the_secret_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    fresh = load_dataset(path)
    assert fresh.digest is not None
    file = _state_file()
    header, payload = _split(file, fresh.digest)
    # What anyone can compute: the checksum of old, unkeyed, and of the payload alone.
    for checksum in (
        hashlib.blake2b(payload, digest_size=32).digest(),
        hashlib.blake2b(header + payload, digest_size=32).digest(),
    ):
        file.write_bytes(header + checksum + payload)
        assert cache.read_state("dataset", fresh.digest, PACK_FORMAT) is None
    (paths.cache_dir() / "secret").write_bytes(b"another installation's secret....")
    assert cache.read_state("dataset", fresh.digest, PACK_FORMAT) is None


def test_the_checksum_covers_the_header(tmp_path: Path) -> None:
    """A state filed under another key (renamed into place) does not read as this one's."""
    path = write(tmp_path)
    fresh = load_dataset(path)
    other = content_digest(b"another dataset")
    assert fresh.digest is not None
    header, payload = _split(_state_file(), fresh.digest)
    checksum = _state_file().read_bytes()[len(header) : len(header) + 32]
    other_header = cache._header(cache.cache_key("dataset", other, PACK_FORMAT))
    target = cache._file("dataset", cache.cache_key("dataset", other, PACK_FORMAT))
    target.write_bytes(other_header + checksum + payload)
    assert cache.read_state("dataset", other, PACK_FORMAT) is None


def test_validate_reads_the_file_not_a_planted_state(tmp_path: Path) -> None:
    bad, valid = _planted(tmp_path)
    assert _same(load_dataset(bad), valid)  # what the browser would show, from the cache
    with pytest.raises(DatasetError, match="'XX' is not a known country"):
        load_dataset(bad, use_cache=False)
    run = subprocess.run(
        [sys.executable, "-m", "cpec_tui", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2, run.stdout
    assert "'XX' is not a known country" in run.stderr


# -- versioned by the code that shapes a state -------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "modules"),
    [
        (
            "dataset",
            {"cpec_tui.models", "cpec_tui.meetings", "cpec_tui.blobs", "cpec_tui.vocabulary"},
        ),
        (
            "index",
            {
                "cpec_tui.models",
                "cpec_tui.meetings",
                "cpec_tui.search.index",
                "cpec_tui.search.fields",
                "cpec_tui.search.normalize",
                "cpec_tui.search.typo",
                "cpec_tui.countries",
            },
        ),
    ],
)
def test_the_shaping_modules_are_found_through_their_imports(
    kind: cache.Kind, modules: set[str]
) -> None:
    found = set(cache._shaping_sources(cache.SHAPERS[kind]))
    assert modules <= found
    assert not {name for name in found if name.startswith(("cpec_tui.cli", "cpec_tui.app"))}


@pytest.mark.parametrize("kind", ["dataset", "index"])
def test_a_change_to_any_shaping_module_changes_the_key(
    kind: cache.Kind, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = content_digest(b"meetings")
    key = cache.cache_key(kind, digest, 1)
    real = cache._module_source
    for name in cache._shaping_sources(cache.SHAPERS[kind]):

        def edited(module: str, name: str = name) -> bytes | None:
            source = real(module)
            return source + b"\n# edited\n" if module == name and source is not None else source

        monkeypatch.setattr(cache, "_module_source", edited)
        cache.shape_digest.cache_clear()
        assert cache.cache_key(kind, digest, 1) != key, name
    monkeypatch.setattr(cache, "_module_source", real)
    cache.shape_digest.cache_clear()
    assert cache.cache_key(kind, digest, 1) == key


def test_a_state_made_by_other_code_is_never_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path)
    first = load_dataset(path)
    assert first.digest is not None
    real = cache._module_source

    def edited(module: str) -> bytes | None:
        source = real(module)
        return source + b"\n# a new field\n" if module == "cpec_tui.models" else source

    monkeypatch.setattr(cache, "_module_source", edited)
    cache.shape_digest.cache_clear()
    assert cache.read_state("dataset", first.digest, PACK_FORMAT) is None
    parsed: list[object] = []
    real_load = dataset_module._load_in_groups

    def counting(*args: Any) -> LoadedDataset:
        parsed.append(args)
        return real_load(*args)

    monkeypatch.setattr(dataset_module, "_load_in_groups", counting)
    assert _same(load_dataset(path), first)
    assert parsed  # read afresh, not from the old state


# -- damage of every kind is only a cache miss ------------------------------------------------


def _mutated(payload: bytes, rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(payload)
    how = rng.choice(["flip", "truncate", "insert", "delete"])
    at = rng.randrange(len(data))
    if how == "flip":
        data[at] ^= rng.randrange(1, 256)
    elif how == "truncate":
        del data[at:]
    elif how == "insert":
        data[at:at] = rng.randbytes(rng.randint(1, 8))
    else:
        del data[at : at + rng.randint(1, 16)]
    return how, bytes(data)


def test_mutated_states_with_a_valid_checksum_never_escape(tmp_path: Path) -> None:
    """Any failure to read a state back means "damaged": the file is read afresh.

    Only a flipped byte inside a text can read back as a state that differs, or inside a
    packed meeting be found only when that meeting is read (the keyed checksum is what keeps
    both out: only this installation makes states that pass it).
    """
    path = write(tmp_path)
    fresh = load_dataset(path)
    assert fresh.digest is not None
    file = _state_file()
    header, payload = _split(file, fresh.digest)
    secret = cache._secret(create=False)
    assert secret is not None
    rng = random.Random(17)
    outcomes: dict[str, int] = {}
    for _ in range(80):
        how, data = _mutated(payload, rng)
        file.write_bytes(header + cache._checksum(secret, header, data) + data)
        loaded = load_dataset(path)  # never raises
        try:
            same = _same(loaded, fresh)  # and every meeting, summary and source reads
        except ValueError as damaged:  # a flipped byte in a packed meeting, found on reading
            assert how == "flip" and "damaged" in str(damaged)
            same = False
        assert same or how == "flip"
        outcome = f"{how} {'same' if same else 'differs'}"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert sum(count for outcome, count in outcomes.items() if "same" in outcome) > 70


def test_mutated_index_states_are_refused_or_answer_the_same(tmp_path: Path) -> None:
    import marshal

    dataset = load_dataset(write(tmp_path))
    engine = SearchEngine(dataset)
    payload = marshal.dumps(engine.index_state())
    queries = ["amna", "weidong", "chair:sun", "agricultre", "-virtual", "year:2024"]
    expected = [list(engine.search(query).positions) for query in queries]
    rng = random.Random(5)
    for _ in range(60):
        how, data = _mutated(payload, rng)
        state = cache.unmarshal(data)
        if state is None:
            continue
        try:
            again = SearchEngine(dataset, index_state=state)
        except IndexStateError:
            continue
        answers = [list(again.search(query).positions) for query in queries]
        assert answers == expected or how == "flip"


def test_a_damaged_state_is_rebuilt_and_replaced(tmp_path: Path) -> None:
    path = write(tmp_path)
    fresh = load_dataset(path)
    assert fresh.digest is not None
    file = _state_file()
    header, payload = _split(file, fresh.digest)
    secret = cache._secret(create=False)
    assert secret is not None
    data = payload[: len(payload) // 2]
    file.write_bytes(header + cache._checksum(secret, header, data) + data)
    assert _same(load_dataset(path), fresh)
    state = cache.read_state("dataset", fresh.digest, PACK_FORMAT)
    assert isinstance(state, dict)
    assert list(Meetings.from_state(state["meetings"])) == list(fresh.meetings)
    assert dict(Sources.from_state(state["sources"])) == dict(fresh.sources)


def test_a_warm_start_does_not_rehash_an_unchanged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's digest is remembered with its stat signature; any write makes it hashed
    afresh, so an edited file is never served the old state."""
    path = write(tmp_path)
    first = load_dataset(path)
    hashed: list[int] = []
    original = dataset_module._hasher

    def counting() -> Any:
        hashed.append(1)
        return original()

    monkeypatch.setattr(dataset_module, "_hasher", counting)
    again = load_dataset(path)
    assert hashed == [] and again.digest == first.digest
    edited = path.read_text(encoding="utf-8").replace("Islamabad", "Lahore")
    path.write_text(edited, encoding="utf-8")
    changed = load_dataset(path)
    assert hashed and changed.digest != first.digest  # hashed afresh
    assert any(meeting.venue and meeting.venue.city == "Lahore" for meeting in changed.meetings)
