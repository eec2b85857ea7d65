"""Loading a dataset and its search engine, with the search index read from its cache.

The dataset cache is :func:`cpec_tui.store.dataset.load_dataset`'s; the index is cached
beside it under the same digest of the file's bytes, so a warm start (of the browser, of any
CLI command, of a served tab) reads both back instead of parsing and indexing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # (imported when loading: the browser's first frame must not wait for them)
    from cpec_tui.search import SearchEngine
    from cpec_tui.store.dataset import LoadedDataset

T = TypeVar("T")

Progress = Callable[[str], object]
"""Hears each slow step of a load, in words a person reads ("Reading m10k.toml…")."""


def _quiet(step: str) -> None:
    """The default :data:`Progress`: nobody is listening."""


def paused_gc(make: Callable[[], T]) -> T:
    """``make()`` with the cyclic GC paused, then what it made frozen out of its sight.

    A dataset and its index are millions of objects, none in a reference cycle, that live
    until exit. The cyclic GC would scan them all (~0.5 s at 10,000 meetings) at its first
    pass after they appear, and again now and then.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        made = make()
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    return made


def load_dataset(
    path: Path, progress: Progress = _quiet, *, use_cache: bool = True
) -> LoadedDataset:
    """The validated dataset at ``path`` (from its cache when warm, unless ``use_cache`` is
    False: then the file itself is read and checked); raises DatasetError."""
    from cpec_tui.store.dataset import load_dataset as load

    progress(f"Reading {path.name}…")
    return paused_gc(lambda: load(path, progress, use_cache=use_cache))


def build_engine(dataset: LoadedDataset, progress: Progress = _quiet) -> SearchEngine:
    """The search engine of ``dataset``, its index read from the cache when there is one.

    The index is cached under the dataset file's digest (so never a stale one) unless the
    file is too small to be worth caching (``digest`` is None, as for the dataset).
    """
    return paused_gc(lambda: _build_engine(dataset, progress))


def _build_engine(dataset: LoadedDataset, progress: Progress) -> SearchEngine:
    from cpec_tui.search import SearchEngine
    from cpec_tui.search.index import INDEX_FORMAT, IndexStateError
    from cpec_tui.store import cache

    digest, count = dataset.digest, len(dataset.meetings)
    if digest is not None:
        state = cache.read_state("index", digest, INDEX_FORMAT)
        if state is not None:
            progress(f"Reading the search index of {count:,} meetings…")
            try:
                return SearchEngine(dataset, index_state=state)
            except IndexStateError:
                pass  # (damaged or not this dataset's after all: build it again)
    progress(f"Building the search index of {count:,} meetings…")
    engine = SearchEngine(dataset)
    _ = engine.index.corrector  # here, not on the first typo (the state includes it)
    if digest is not None:
        progress(f"Saving the search index of {count:,} meetings…")
        cache.write_state("index", digest, INDEX_FORMAT, engine.index_state())
    return engine
