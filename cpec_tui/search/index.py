"""The search index, built once when the dataset is loaded (the notes part is rebuilt alone).

Every set of meetings is a bitmap over positions in newest-first order (see ``bitmaps``).
A :class:`TermIndex` keeps a sorted vocabulary, so the terms starting with a prefix are one
``bisect`` away, and per term the positions of the meetings it occurs in: a bitmap for common
terms, a compact ``array`` for rare ones (4 bytes a posting).

Building the index of a large dataset takes seconds, so :meth:`DatasetIndex.state` exports
it as plain values (``marshal``-able: str, int, bytes, lists, dicts) and
:meth:`DatasetIndex.from_state` rebuilds it from them in a fraction of that time. This
module never reads or writes files; the store layer caches the state.
"""

from __future__ import annotations

import datetime as dt
import marshal
from array import array
from bisect import bisect_left
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import lt
from typing import Any, Generic, TypeVar

from cpec_tui.blobs import Blobs, BlobWriter
from cpec_tui.countries import country_name
from cpec_tui.meetings import Meetings
from cpec_tui.models import Meeting, Note, Source
from cpec_tui.search.bitmaps import Bitmap, add_positions, from_positions
from cpec_tui.search.fields import tier_texts
from cpec_tui.search.normalize import index_terms, normalize
from cpec_tui.search.query import date_period
from cpec_tui.search.spans import phrase_text
from cpec_tui.search.typo import Corrector

_LAST_CHAR = "\U0010ffff"
PHRASE_TEXTS_KEPT = 16_384  # ~30 MB at most
_append = array.append
K = TypeVar("K")
V = TypeVar("V")

INDEX_FORMAT = 3
"""The layout of :meth:`DatasetIndex.state`, written into the state and checked on reading
it back. It needs no bumping: a cached index is filed under a digest of the source of the
modules that shape it (the field registry among them; see
:func:`cpec_tui.store.cache.shape_digest`), so changing what is indexed or how changes the
key."""

IndexState = dict[str, Any]
""":meth:`DatasetIndex.state`: plain values only (``marshal`` can write them)."""


class IndexStateError(ValueError):
    """An index state that does not fit this dataset or this version of the index."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise IndexStateError(f"index state: {what}")


def _only(values: Iterable[object], kind: type) -> bool:
    """Whether every value is exactly of type ``kind`` (the loop runs in C)."""
    return set(map(type, values)) <= {kind}


def _ascending(values: list[str]) -> bool:
    """Whether ``values`` are sorted, without repeats (the loop runs in C)."""
    return all(map(lt, values, values[1:]))


def _int_array(data: object, size: int, what: str) -> array[int]:
    _check(isinstance(data, bytes) and len(data) == 4 * size, what)
    found = array("i")
    assert isinstance(data, bytes)
    found.frombytes(data)
    return found


def _bitmap(value: object, size: int, what: str) -> Bitmap:
    if type(value) is not int or value < 0 or value.bit_length() > size:
        raise IndexStateError(f"index state: {what}")
    return value


def _bitmap_table(table: object, size: int, what: str) -> dict[str, Bitmap]:
    _check(isinstance(table, dict), what)
    assert isinstance(table, dict)
    for key, value in table.items():
        _check(isinstance(key, str), what)
        _bitmap(value, size, what)
    return table


class LRU(Generic[K, V]):
    """A small least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self._size:
            self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        self._data.clear()


class _Lists(dict[str, "array[int]"]):
    def __missing__(self, term: str) -> array[int]:
        found = self[term] = array("i")
        return found


class Postings:
    """Collects term -> positions while building; positions must be added in ascending order."""

    def __init__(self) -> None:
        self.lists: dict[str, array[int]] = _Lists()

    def add(self, terms: Iterable[str], position: int) -> None:
        # Append in C: no Python-level loop over the (term, meeting) pairs.
        deque(map(_append, map(self.lists.__getitem__, terms), repeat(position)), maxlen=0)


class TermIndex:
    """A sorted vocabulary of normalized terms and the meetings each term occurs in."""

    def __init__(self, postings: Postings, size: int) -> None:
        self.size = size
        lists = postings.lists
        self.terms: list[str] = sorted(lists)
        self.counts: list[int] = []
        # A bitmap costs about size/8 bytes, packed positions 4 bytes each.
        dense_from = max(1, size // 32)
        self._postings: list[Bitmap | bytes] = []
        for term in self.terms:
            found = lists.pop(term)  # frees each array as soon as it is converted
            self.counts.append(len(found))
            if len(found) >= dense_from:
                self._postings.append(from_positions(found, size))
            else:
                self._postings.append(found.tobytes())
        self._cache: LRU[str, Bitmap] = LRU(128)

    def state(self) -> tuple[list[str], list[int], list[Bitmap | bytes]]:
        """The vocabulary, counts and postings as plain values (see :meth:`from_state`)."""
        return self.terms, self.counts, self._postings

    @classmethod
    def from_state(cls, state: object, size: int) -> TermIndex:
        """The index :meth:`state` described; raises :class:`IndexStateError` if malformed."""
        _check(isinstance(state, (tuple, list)) and len(state) == 3, "a term index")
        assert isinstance(state, (tuple, list))
        terms, counts, postings = state
        _check(
            isinstance(terms, list)
            and isinstance(counts, list)
            and isinstance(postings, list)
            and len(terms) == len(counts) == len(postings),
            "a term index's lists",
        )
        _check(_only(terms, str) and _ascending(terms), "terms")
        _check(
            _only(counts, int) and (not counts or 0 < min(counts) <= max(counts) <= size),
            "counts",
        )
        for found in postings:
            if type(found) is bytes:
                _check(len(found) % 4 == 0, "postings")
            else:
                _bitmap(found, size, "postings")
        index = cls.__new__(cls)
        index.size = size
        index.terms = terms
        index.counts = counts
        index._postings = postings
        index._cache = LRU(128)
        return index

    def __len__(self) -> int:
        return len(self.terms)

    def bounds(self, prefix: str) -> tuple[int, int]:
        """The index range of the terms starting with ``prefix``."""
        terms = self.terms
        low = bisect_left(terms, prefix)
        return low, bisect_left(terms, prefix + _LAST_CHAR, low)

    def has_prefix(self, prefix: str) -> bool:
        low, high = self.bounds(prefix)
        return high > low

    def prefix(self, prefix: str) -> Bitmap:
        """Meetings with a term starting with ``prefix``."""
        cached = self._cache.get(prefix)
        if cached is not None:
            return cached
        low, high = self.bounds(prefix)
        return self._cache.put(prefix, self._union(low, high))

    def exact(self, term: str) -> Bitmap:
        """Meetings with exactly this term."""
        low = bisect_left(self.terms, term)
        if low < len(self.terms) and self.terms[low] == term:
            return self._union(low, low + 1)
        return 0

    def _union(self, low: int, high: int) -> Bitmap:
        result = 0
        buffer: bytearray | None = None
        postings = self._postings
        for i in range(low, high):
            found = postings[i]
            if isinstance(found, int):
                result |= found
            else:
                if buffer is None:
                    buffer = bytearray((self.size + 7) >> 3)
                add_positions(buffer, memoryview(found).cast("i"))
        if buffer is not None:
            result |= int.from_bytes(buffer, "little")
        return result

    def frequencies(self) -> Iterator[tuple[str, int]]:
        return zip(self.terms, self.counts, strict=True)

    def memory(self) -> int:
        """Approximate bytes held by the postings."""
        total = 0
        for found in self._postings:
            total += (found.bit_length() + 7) // 8 if isinstance(found, int) else len(found)
        return total


def _bitmaps(groups: Mapping[str, list[int]], size: int) -> dict[str, Bitmap]:
    return {key: from_positions(found, size) for key, found in groups.items()}


class DatasetIndex:
    """Everything searchable about the meetings, in newest-first position order."""

    def __init__(self, meetings: Sequence[Meeting], sources: Mapping[str, Source]) -> None:
        # Every meeting reads its sources: packed ones would be rebuilt again and again.
        sources = dict(sources.items())
        size = self.size = len(meetings)
        tiers = (Postings(), Postings(), Postings())
        chair, person, venue, outlet = Postings(), Postings(), Postings(), Postings()
        series: dict[str, list[int]] = {}
        modes: dict[str, list[int]] = {}
        sectors: dict[str, list[int]] = {}
        themes: dict[str, list[int]] = {}
        # Whole values, not words, for facets: a venue's country code, a source's outlet.
        countries: dict[str, list[int]] = {}
        outlet_names: dict[str, list[int]] = {}
        conflicts: list[int] = []
        years: dict[int, list[int]] = {}
        self.first_day = array("i")
        self.last_day = array("i")
        ids: list[tuple[str, int]] = []
        # Each meeting's texts by tier, as phrases are checked in them, kept compressed
        # (~0.4 KB a meeting): a phrase of common words is checked in thousands of meetings,
        # and reading that many packed meetings would take seconds.
        phrase_texts = BlobWriter()
        term_cache: dict[str, frozenset[str]] = {}

        def terms_of(text: str) -> frozenset[str]:
            found = term_cache.get(text)
            if found is None:
                if len(term_cache) >= 20_000:  # bounds the memory the build borrows
                    term_cache.clear()
                found = term_cache[text] = frozenset(index_terms(text))
            return found

        for position, meeting in enumerate(meetings):
            # Each term is posted once per meeting, under the best tier it occurs in.
            texts = [tier_texts(meeting, sources, tier) for tier in (1, 2, 3)]
            phrase_texts.add(marshal.dumps(tuple(map(phrase_text, texts))))
            first = index_terms("\n".join(texts[0]))
            second = index_terms("\n".join(texts[1]))
            second -= first
            # Sources (tier 3) and names recur across meetings: tokenize each text once.
            third: set[str] = set()
            for text in texts[2]:
                third |= terms_of(text)
            third -= first
            third -= second
            tiers[0].add(first, position)
            tiers[1].add(second, position)
            tiers[2].add(third, position)
            # The fields the text filters look in (registry.kinds_of: a test holds these
            # postings to what the registry declares).
            names: set[str] = set()
            for chair_person in meeting.co_chairs:
                names |= terms_of(chair_person.name)
                for alias in chair_person.aliases:
                    names |= terms_of(alias)
            chair.add(names, position)
            names = names.copy()
            for other in meeting.people:
                names |= terms_of(other.name)
                for alias in other.aliases:
                    names |= terms_of(alias)
            person.add(names, position)
            places: set[str] = set()
            if meeting.venue is not None:
                if meeting.venue.city is not None:
                    places |= terms_of(meeting.venue.city)
                if meeting.venue.country is not None:
                    places |= terms_of(country_name(meeting.venue.country))
                    places.add(meeting.venue.country.lower())
                    countries.setdefault(meeting.venue.country, []).append(position)
                if meeting.venue.mode is not None:
                    modes.setdefault(meeting.venue.mode, []).append(position)
            venue.add(places, position)
            outlets: set[str] = set()
            cited = {sources[key].outlet for key in meeting.all_source_keys() if key in sources}
            for name in cited:
                outlets |= terms_of(name)
                outlet_names.setdefault(name, []).append(position)
            outlet.add(outlets, position)
            series.setdefault(meeting.series, []).append(position)
            for sector in set(meeting.sectors):
                sectors.setdefault(sector, []).append(position)
            for theme in set(meeting.themes):
                themes.setdefault(theme, []).append(position)
            if meeting.conflicts:
                conflicts.append(position)
            period = date_period(meeting.date.value) or (0, 0)
            self.first_day.append(period[0])
            self.last_day.append(period[1])
            year = int(meeting.date.value[:4])
            years.setdefault(year, []).append(position)
            ids.append((meeting.id, position))

        self.tiers = (
            TermIndex(tiers[0], size),
            TermIndex(tiers[1], size),
            TermIndex(tiers[2], size),
        )
        self.chair = TermIndex(chair, size)
        self.person = TermIndex(person, size)
        self.venue = TermIndex(venue, size)
        self.outlet = TermIndex(outlet, size)
        self.series = _bitmaps(series, size)
        self.modes = _bitmaps(modes, size)
        self.sectors = _bitmaps(sectors, size)
        self.themes = _bitmaps(themes, size)
        self.countries = _bitmaps(countries, size)
        self.outlets = _bitmaps(outlet_names, size)
        self.conflicts = from_positions(conflicts, size)
        self._year_positions = years
        self.years = {year: from_positions(found, size) for year, found in years.items()}
        ids.sort()
        self.ids = [meeting_id for meeting_id, _ in ids]
        self.id_positions = [position for _, position in ids]
        self._phrase_texts = phrase_texts.finish()
        self._phrase_cache: dict[int, tuple[str, str, str]] = {}
        self._date_cache: LRU[tuple[int | None, int | None], Bitmap] = LRU(64)
        self._id_cache: LRU[str, Bitmap] = LRU(64)
        self._corrector: Corrector | None = None

    # -- state ----------------------------------------------------------------------------

    def state(self) -> IndexState:
        """Everything :meth:`from_state` needs to rebuild this index, as plain values.

        The values are the index's own (not copies): do not change them.
        """
        return {
            "format": INDEX_FORMAT,
            "size": self.size,
            "tiers": [tier.state() for tier in self.tiers],
            "chair": self.chair.state(),
            "person": self.person.state(),
            "venue": self.venue.state(),
            "outlet": self.outlet.state(),
            "series": self.series,
            "modes": self.modes,
            "sectors": self.sectors,
            "themes": self.themes,
            "countries": self.countries,
            "outlets": self.outlets,
            "conflicts": self.conflicts,
            "first_day": self.first_day.tobytes(),
            "last_day": self.last_day.tobytes(),
            "year_positions": self._year_positions,
            "years": self.years,
            "ids": self.ids,
            "id_positions": self.id_positions,
            "corrector": self.corrector.state(),
            "phrase_texts": self._phrase_texts.state(),
        }

    @classmethod
    def from_state(cls, meetings: Meetings, state: object) -> DatasetIndex:
        """The index of ``meetings`` from :meth:`state`, without rebuilding it.

        Raises :class:`IndexStateError` if ``state`` is not of this format or not of these
        meetings.
        """
        _check(isinstance(state, dict), "not a table")
        assert isinstance(state, dict)
        try:
            return cls._from_state(meetings, state)
        except IndexStateError:
            raise
        except Exception as error:  # whatever does not fit is damaged: it is rebuilt
            raise IndexStateError(f"index state: {error!r}") from None

    @classmethod
    def _from_state(cls, meetings: Meetings, state: dict[str, Any]) -> DatasetIndex:
        _check(state["format"] == INDEX_FORMAT, "another format")
        size = len(meetings)
        _check(state["size"] == size, "another number of meetings")
        # The ids, sorted, and their positions: the state must be of these very meetings
        # in this very order.
        ids, id_positions = state["ids"], state["id_positions"]
        _check(
            isinstance(ids, list)
            and isinstance(id_positions, list)
            and len(ids) == len(id_positions) == size
            and _only(ids, str)
            and _ascending(ids)
            and _only(id_positions, int)
            and (not size or 0 <= min(id_positions) <= max(id_positions) < size),
            "ids",
        )
        _check(list(map(meetings.ids.__getitem__, id_positions)) == ids, "another dataset")
        index = cls.__new__(cls)
        index.size = size
        index.ids = ids
        index.id_positions = id_positions
        tiers = state["tiers"]
        _check(isinstance(tiers, list) and len(tiers) == 3, "tiers")
        index.tiers = (
            TermIndex.from_state(tiers[0], size),
            TermIndex.from_state(tiers[1], size),
            TermIndex.from_state(tiers[2], size),
        )
        index.chair = TermIndex.from_state(state["chair"], size)
        index.person = TermIndex.from_state(state["person"], size)
        index.venue = TermIndex.from_state(state["venue"], size)
        index.outlet = TermIndex.from_state(state["outlet"], size)
        index.series = _bitmap_table(state["series"], size, "series")
        index.modes = _bitmap_table(state["modes"], size, "modes")
        index.sectors = _bitmap_table(state["sectors"], size, "sectors")
        index.themes = _bitmap_table(state["themes"], size, "themes")
        index.countries = _bitmap_table(state["countries"], size, "countries")
        index.outlets = _bitmap_table(state["outlets"], size, "outlets")
        index.conflicts = _bitmap(state["conflicts"], size, "conflicts")
        index.first_day = _int_array(state["first_day"], size, "first days")
        index.last_day = _int_array(state["last_day"], size, "last days")
        year_positions, years = state["year_positions"], state["years"]
        _check(
            isinstance(year_positions, dict)
            and isinstance(years, dict)
            and year_positions.keys() == years.keys()
            and _only(years, int),
            "years",
        )
        for year, found in year_positions.items():
            _check(
                isinstance(found, list)
                and _only(found, int)
                and (not found or 0 <= min(found) <= max(found) < size),
                "years",
            )
            _bitmap(years[year], size, "years")
        index._year_positions = year_positions
        index.years = years
        index._phrase_texts = Blobs.from_state(state["phrase_texts"])
        _check(len(index._phrase_texts) == size, "phrase texts")
        index._phrase_cache = {}
        index._date_cache = LRU(64)
        index._id_cache = LRU(64)
        try:
            index._corrector = Corrector.from_state(state["corrector"])
        except ValueError as error:
            raise IndexStateError(str(error)) from None
        return index

    # -- queries --------------------------------------------------------------------------

    @property
    def corrector(self) -> Corrector:
        """Typo correction over every word of the dataset (built on first use, then kept)."""
        if self._corrector is None:
            weights: dict[str, int] = {}
            for tier in self.tiers:
                for term, count in tier.frequencies():
                    weights[term] = weights.get(term, 0) + count
            self._corrector = Corrector(weights.items())
        return self._corrector

    def phrase_texts(self, position: int) -> tuple[str, str, str]:
        """A meeting's texts of tiers 1, 2 and 3, each as :func:`spans.phrase_text` makes it.

        The last few thousand read are kept as text: each keystroke of a phrase checks the
        same meetings again, and a hit costs a lookup instead of ~15 µs of decompressing.
        """
        texts = self._phrase_cache.get(position)
        if texts is None:
            if len(self._phrase_cache) >= PHRASE_TEXTS_KEPT:
                self._phrase_cache.clear()
            texts = self._phrase_cache[position] = marshal.loads(self._phrase_texts[position])
        return texts

    def id_prefix(self, prefix: str) -> Bitmap:
        cached = self._id_cache.get(prefix)
        if cached is not None:
            return cached
        low = bisect_left(self.ids, prefix)
        high = bisect_left(self.ids, prefix + _LAST_CHAR, low)
        return self._id_cache.put(prefix, from_positions(self.id_positions[low:high], self.size))

    def dates(self, first: int | None, last: int | None) -> Bitmap:
        """Meetings whose date (a day, month or year) overlaps the inclusive ordinal range."""
        key = (first, last)
        cached = self._date_cache.get(key)
        if cached is not None:
            return cached
        low = first if first is not None else 0
        high = last if last is not None else dt.date.max.toordinal()
        result = 0
        first_day, last_day = self.first_day, self.last_day
        for year, positions in self._year_positions.items():
            year_first = dt.date(year, 1, 1).toordinal()
            year_last = dt.date(year, 12, 31).toordinal()
            if year_last < low or year_first > high:
                continue
            if low <= year_first and year_last <= high:
                result |= self.years[year]
                continue
            result |= from_positions(
                (p for p in positions if first_day[p] <= high and last_day[p] >= low),
                self.size,
            )
        return self._date_cache.put(key, result)


class NotesIndex:
    """The user's notes: their words (tier 3), tags, and which meetings have notes."""

    def __init__(self, notes: Iterable[Note], position_of: Mapping[str, int], size: int) -> None:
        self.size = size
        self.by_meeting: dict[str, list[Note]] = {}
        words = Postings()
        tags: list[tuple[str, int]] = []
        for note in notes:
            if note.meeting in position_of:
                self.by_meeting.setdefault(note.meeting, []).append(note)
        # Positions must be added in ascending order.
        for meeting_id, found in sorted(
            self.by_meeting.items(), key=lambda item: position_of[item[0]]
        ):
            position = position_of[meeting_id]
            terms: set[str] = set()
            for note in found:
                index_terms(note.text, terms)
                for tag in note.tags:
                    index_terms(tag, terms)
                    tags.append((normalize(tag).strip().lstrip("#").strip(), position))
            words.add(terms, position)
        self.words = TermIndex(words, size)
        self.tags = tags
        self.has_notes = from_positions((position_of[m] for m in self.by_meeting), size)
        self._corrector: Corrector | None = None

    @property
    def corrector(self) -> Corrector:
        """Typo correction over the words of the notes (built on first use)."""
        if self._corrector is None:
            self._corrector = Corrector(self.words.frequencies())
        return self._corrector

    def tag_prefix(self, prefix: str) -> Bitmap:
        return from_positions(
            (position for tag, position in self.tags if tag.startswith(prefix)), self.size
        )
