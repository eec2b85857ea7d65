"""The search index cache: used when it is this dataset's, never when it might not be."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import cpec_tui.search.index as index_module
import cpec_tui.store.dataset as dataset_module
from cpec_tui import paths
from cpec_tui.library import Library
from cpec_tui.search import SearchEngine
from cpec_tui.search.index import INDEX_FORMAT, DatasetIndex
from cpec_tui.store import cache
from cpec_tui.store.dataset import LoadedDataset, content_digest, load_dataset
from tests.datasets import VALID, write


def load_engine(
    path: Path, progress: Callable[[str], object] = lambda step: None
) -> tuple[LoadedDataset, SearchEngine]:
    """What the browser and every CLI command load: the library's dataset and engine."""
    library = Library(path, path.with_name("notes.toml"))
    library.load(progress)
    return library.dataset, library.engine


QUERIES = ["amna", "baloch", "weidong", "chair:sun", '"joint working"', "agricultre", "-virtual"]


@dataclass
class Builds:
    """How the engines of a test got their index."""

    built: int = 0
    restored: int = 0


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Builds]:
    counts = Builds()
    original_init = DatasetIndex.__init__
    original_from_state = DatasetIndex.from_state.__func__  # type: ignore[attr-defined]

    def counting_init(self: DatasetIndex, *args: Any) -> None:
        counts.built += 1
        original_init(self, *args)

    def counting_from_state(cls: type[DatasetIndex], *args: Any) -> DatasetIndex:
        index = original_from_state(cls, *args)
        counts.restored += 1
        return index

    monkeypatch.setattr(DatasetIndex, "__init__", counting_init)
    monkeypatch.setattr(DatasetIndex, "from_state", classmethod(counting_from_state))
    yield counts


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache even the tiny test datasets."""
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)


def _index_files() -> list[Path]:
    return sorted((paths.cache_dir() / "indexes").glob("*.marshal"))


def _answers(engine: SearchEngine) -> list[tuple[list[int], list[float], dict[str, str]]]:
    answers = []
    for query in QUERIES:
        result = engine.search(query)
        scores = [result.score(k) for k in range(len(result))]
        answers.append((list(result.positions), scores, result.corrections))
    return answers


def _fresh_answers(path: Path) -> list[tuple[list[int], list[float], dict[str, str]]]:
    return _answers(SearchEngine(load_dataset(path)))


@pytest.mark.usefixtures("cached")
def test_the_index_is_cached_and_read_back(tmp_path: Path, builds: Builds) -> None:
    path = write(tmp_path)
    steps: list[str] = []
    _, first = load_engine(path, steps.append)
    assert (builds.built, builds.restored) == (1, 0)
    assert any(step.startswith("Building the search index of 2 meetings") for step in steps)
    assert len(_index_files()) == 1
    steps.clear()
    _, second = load_engine(path, steps.append)
    assert (builds.built, builds.restored) == (1, 1)
    assert not any(step.startswith("Building") for step in steps)
    assert _answers(second) == _answers(first) == _fresh_answers(path)


@pytest.mark.usefixtures("cached")
def test_a_changed_dataset_never_reuses_the_old_index(tmp_path: Path, builds: Builds) -> None:
    path = write(tmp_path)
    load_engine(path)
    # One character: "Amna" becomes "Amma".
    changed = VALID.replace("Amna Baloch", "Amma Baloch")
    assert len(changed) == len(VALID)
    path.write_text(changed, encoding="utf-8")
    _, engine = load_engine(path)
    assert (builds.built, builds.restored) == (2, 0)
    assert engine.search("amna").corrections == {"amna": "amma"}  # no longer a word of it
    assert len(engine.search("amma")) == 1
    assert engine.search("amma").corrections == {}
    assert len(_index_files()) == 2
    _, again = load_engine(path)  # and the new one is cached in turn
    assert builds.restored == 1
    assert len(again.search("amma")) == 1


def _damage(file: Path, how: str) -> None:
    raw = file.read_bytes()
    if how == "garbage":
        file.write_bytes(b"\x00garbage")
    elif how == "empty":
        file.write_bytes(b"")
    elif how == "truncated":
        file.write_bytes(raw[: len(raw) // 2])
    elif how == "flipped":  # one byte of the payload, far from the header
        at = len(raw) - 10
        file.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :])
    elif how == "header":
        file.write_bytes(b"X" + raw[1:])
    else:
        raise AssertionError(how)


@pytest.mark.usefixtures("cached")
@pytest.mark.parametrize("how", ["garbage", "empty", "truncated", "flipped", "header"])
def test_a_damaged_index_cache_is_ignored_and_rebuilt(
    tmp_path: Path, builds: Builds, how: str
) -> None:
    path = write(tmp_path)
    load_engine(path)
    [file] = _index_files()
    _damage(file, how)
    _, engine = load_engine(path)
    assert (builds.built, builds.restored) == (2, 0)
    assert _answers(engine) == _fresh_answers(path)
    _, again = load_engine(path)  # rewritten whole
    assert builds.restored == 1
    assert _answers(again) == _fresh_answers(path)


@pytest.mark.usefixtures("cached")
def test_an_index_of_another_format_version_is_ignored(
    tmp_path: Path, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path)
    load_engine(path)
    monkeypatch.setattr(index_module, "INDEX_FORMAT", INDEX_FORMAT + 1)
    _, engine = load_engine(path)
    assert (builds.built, builds.restored) == (2, 0)
    assert len(_index_files()) == 2  # filed under another key
    assert _answers(engine) == _fresh_answers(path)


@pytest.mark.usefixtures("cached")
def test_a_state_of_another_format_under_the_right_key_is_refused(
    tmp_path: Path, builds: Builds
) -> None:
    path = write(tmp_path)
    dataset = load_dataset(path)
    digest = dataset.digest
    assert digest is not None
    state = SearchEngine(dataset).index_state()
    cache.write_state("index", digest, INDEX_FORMAT, {**state, "format": INDEX_FORMAT - 1})
    _, engine = load_engine(path)
    assert (builds.built, builds.restored) == (2, 0)
    assert _answers(engine) == _fresh_answers(path)


@pytest.mark.usefixtures("cached")
def test_an_index_of_another_dataset_under_its_key_is_refused(
    tmp_path: Path, builds: Builds
) -> None:
    path = write(tmp_path)
    other = write(tmp_path, VALID.replace("jwg-icc-5", "jwg-icc-6"), name="other.toml")
    other_dataset = load_dataset(other)
    digest = load_dataset(path).digest
    assert digest is not None
    cache.write_state("index", digest, INDEX_FORMAT, SearchEngine(other_dataset).index_state())
    _, engine = load_engine(path)
    assert builds.restored == 0
    assert _answers(engine) == _fresh_answers(path)


def test_the_key_names_the_dataset_the_format_and_the_version() -> None:
    digest = content_digest(b"meetings")
    key = cache.cache_key("index", digest, INDEX_FORMAT)
    assert key == cache.cache_key("index", digest, INDEX_FORMAT)
    assert key != cache.cache_key("index", content_digest(b"meetingz"), INDEX_FORMAT)
    assert key != cache.cache_key("index", digest, INDEX_FORMAT + 1)


def test_the_cpec_tui_version_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    digest = content_digest(b"meetings")
    key = cache.cache_key("index", digest, INDEX_FORMAT)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.cache_key("index", digest, INDEX_FORMAT) != key


def test_small_datasets_get_no_index_cache(tmp_path: Path, builds: Builds) -> None:
    assert load_dataset(paths.bundled_dataset()).digest is None
    load_engine(paths.bundled_dataset())
    load_engine(write(tmp_path))
    assert _index_files() == []
    assert (builds.built, builds.restored) == (2, 0)


def test_the_digest_is_of_the_files_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)
    path = write(tmp_path)
    assert load_dataset(path).digest == content_digest(path.read_bytes())
    # From the dataset cache too.
    assert load_dataset(path).digest == content_digest(path.read_bytes())


def test_reading_a_missing_or_unwritable_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = content_digest(b"meetings")
    assert cache.read_state("index", digest, INDEX_FORMAT) is None
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CPEC_TUI_CACHE", str(blocker))
    assert cache.write_state("index", digest, INDEX_FORMAT, {"format": INDEX_FORMAT}) is False
    assert cache.read_state("index", digest, INDEX_FORMAT) is None


def test_only_the_states_used_last_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    digests = [content_digest(f"meetings {i}".encode()) for i in range(cache.KEPT_PER_KIND + 3)]
    for i, digest in enumerate(digests):
        assert cache.write_state("index", digest, INDEX_FORMAT, {"format": INDEX_FORMAT, "i": i})
        if i == 0:
            first = digest
        else:
            # The first one is read after each write, so it stays among the most recent.
            assert cache.read_state("index", first, INDEX_FORMAT) is not None
    assert len(_index_files()) == cache.KEPT_PER_KIND
    kept = [d for d in digests if cache.read_state("index", d, INDEX_FORMAT) is not None]
    assert kept == [first, *digests[-(cache.KEPT_PER_KIND - 1) :]]
