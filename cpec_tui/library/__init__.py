"""The library: one object that every front end (browser, command line, web) reads the record by.

A :class:`Library` opens a dataset file and a notes file and owns everything derived from
them: loading (through the dataset and index caches, so a warm start of any front end reads
state back instead of parsing and indexing), the search engine, and the notes
(:class:`~cpec_tui.library.notes.Notes`), kept in step with the engine's notes index. It is
UI-free: no Textual, no Rich, no printing; it raises the store's errors, each ready to show.

Each part loads on first use, so ``cpec-tui list`` never builds an index and ``show`` never
reads the notes of other meetings' searches. Loading blocks: a UI calls :meth:`Library.load`
from a worker thread, telling ``progress`` what to show meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cpec_tui.library.loading import Progress, build_engine, load_dataset
from cpec_tui.library.notes import Notes

if TYPE_CHECKING:
    from cpec_tui.meetings import Meetings, Sources
    from cpec_tui.models import Meeting, Note
    from cpec_tui.search import SearchEngine, SearchResult
    from cpec_tui.store.dataset import LoadedDataset
    from cpec_tui.views.people import PeopleIndex
    from cpec_tui.views.timeline import TimelineIndex

__all__ = ["Library", "Notes", "Progress"]


def _quiet(step: str) -> None:
    """Nobody is listening to the progress of a load."""


PEOPLE_PROGRESS_EVERY = 500
"""How many meetings :meth:`Library.people` reads between two reports of its progress."""


class Library:
    """The record at ``data_path`` with the user's notes at ``notes_path``."""

    def __init__(self, data_path: Path, notes_path: Path, *, use_cache: bool = True) -> None:
        """``use_cache=False`` reads and checks the dataset file itself, never a cached state
        (``cpec-tui validate``: the verdict must be on the file)."""
        self.data_path = Path(data_path)
        self.notes_path = Path(notes_path)
        self._use_cache = use_cache
        self._lock = threading.RLock()
        self._dataset: LoadedDataset | None = None
        self._engine: SearchEngine | None = None
        self._notes: Notes | None = None
        # The views' indexes are built outside ``_lock`` (people takes a minute at 100,000
        # meetings; the notes must stay reachable meanwhile), each under its own lock.
        self._timeline_lock = threading.Lock()
        self._timeline: TimelineIndex | None = None
        self._people_lock = threading.Lock()
        self._people: PeopleIndex | None = None

    def load(self, progress: Progress = _quiet) -> None:
        """Load the dataset, its search engine and the notes now (raises DatasetError)."""
        self.dataset_or_load(progress)
        self.engine_or_load(progress)
        _ = self.notes.problem  # reads the file, and indexes its notes

    @property
    def is_loaded(self) -> bool:
        """Whether the dataset and its search engine are ready (:meth:`load` has run)."""
        return self._engine is not None

    # -- the record ---------------------------------------------------------------------

    @property
    def dataset(self) -> LoadedDataset:
        """The validated dataset, loaded on first use; raises DatasetError."""
        return self.dataset_or_load(_quiet)

    def dataset_or_load(self, progress: Progress) -> LoadedDataset:
        """:attr:`dataset`, telling ``progress`` the slow steps if it must be loaded."""
        with self._lock:
            if self._dataset is None:
                self._dataset = load_dataset(self.data_path, progress, use_cache=self._use_cache)
            return self._dataset

    @property
    def meetings(self) -> Meetings:
        """The meetings, newest first."""
        return self.dataset.meetings

    @property
    def sources(self) -> Sources:
        """The sources, by key."""
        return self.dataset.sources

    def meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting with this id, or None."""
        return self.meetings.get(meeting_id)

    def resolve_id(self, meeting_id: str) -> str | None:
        """The dataset's id for ``meeting_id``: itself, or its case-insensitive twin, or None."""
        meetings = self.meetings
        if meetings.position(meeting_id) is not None:
            return meeting_id
        folded = meeting_id.casefold()
        if folded != meeting_id and meetings.position(folded) is not None:
            return folded
        return None

    def title_of(self, meeting_id: str) -> str | None:
        """The short title of a meeting, for naming it in another's page (related meetings)."""
        summary = self.meetings.summary_of(meeting_id)
        return summary.short_title if summary is not None else None

    # -- search -------------------------------------------------------------------------

    @property
    def engine(self) -> SearchEngine:
        """The search engine (its index read from the cache when warm), notes indexed."""
        return self.engine_or_load(_quiet)

    def engine_or_load(self, progress: Progress) -> SearchEngine:
        """:attr:`engine`, telling ``progress`` the slow steps if it must be built."""
        with self._lock:
            if self._engine is None:
                engine = build_engine(self.dataset_or_load(progress), progress)
                if self._notes is not None:
                    engine.set_notes(self._notes.all)
                self._engine = engine
            return self._engine

    def search(self, query: str) -> SearchResult:
        """The meetings matching ``query`` (never raises: a bad query sets ``error``)."""
        return self.engine.search(query)

    # -- the views across meetings (built once, on first use: call them from a worker) -------

    def timeline_index(self) -> TimelineIndex:
        """Each series' meetings in date order (seconds to build at 100,000 meetings)."""
        from cpec_tui.views.timeline import TimelineIndex

        with self._timeline_lock:
            if self._timeline is None:
                engine = self.engine
                self._timeline = TimelineIndex(engine.meetings, engine.index.series)
            return self._timeline

    def people(self, progress: Callable[[int, int], None] | None = None) -> PeopleIndex:
        """Everyone the record names, searchable; building it reads every meeting, telling
        ``progress`` (meetings read, of how many) every :data:`PEOPLE_PROGRESS_EVERY`.

        ``progress`` may raise to abandon the reading: nothing is kept, and the exception
        reaches the caller (a closed view need not hold up the app for a minute)."""
        from cpec_tui.views.people import PeopleIndex, build_people

        with self._people_lock:
            if self._people is None:
                meetings = self.meetings
                self._people = PeopleIndex(build_people(_counted(meetings, progress)))
            return self._people

    # -- notes --------------------------------------------------------------------------

    @property
    def notes(self) -> Notes:
        """The user's notes; the engine's notes index follows every change."""
        with self._lock:
            if self._notes is None:
                self._notes = Notes(self.notes_path, self._notes_changed)
            return self._notes

    def _notes_changed(self, notes: Sequence[Note]) -> None:
        engine = self._engine
        if engine is not None:
            engine.set_notes(notes)


def _counted(
    meetings: Sequence[Meeting], progress: Callable[[int, int], None] | None
) -> Iterator[Meeting]:
    """``meetings``, one by one, telling ``progress`` how far the reading has got."""
    total = len(meetings)
    for read, meeting in enumerate(meetings, 1):
        if progress is not None and (read % PEOPLE_PROGRESS_EVERY == 0 or read == total):
            progress(read, total)
        yield meeting
