"""The search engine: parse a query, evaluate it on the index, rank, explain.

Scores are computed per *bucket*: for each query word, the meetings where its best match is
in tier 1, 2 or 3 form three bitmaps, and a query's buckets are the sums over its words. A
bucket's meetings are listed in position order, which is newest first, so recency breaks
ties for free.
"""

from __future__ import annotations

import copy
import gc
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal, Protocol

from cpec_tui.countries import COUNTRIES
from cpec_tui.meetings import Meetings
from cpec_tui.models import Meeting, Note, Source
from cpec_tui.search.bitmaps import Bitmap, from_positions, full, positions
from cpec_tui.search.fields import kinded_fields
from cpec_tui.search.index import LRU, DatasetIndex, IndexState, NotesIndex, TermIndex
from cpec_tui.search.normalize import normalize
from cpec_tui.search.query import (
    AnyOf,
    Atom,
    Clause,
    DateFilter,
    HasFilter,
    IdFilter,
    ModeFilter,
    Not,
    Phrase,
    Query,
    QueryError,
    TagFilter,
    Term,
    TextFilter,
    VocabFilter,
    Word,
    date_period,
    parse,
)
from cpec_tui.search.registry import kinds_of
from cpec_tui.search.spans import (
    FIELD_SEPARATOR,
    FieldHighlight,
    Highlight,
    PhraseHighlight,
    Span,
    Spans,
    TermHighlight,
    compute_spans,
    phrase_pattern,
    phrase_text,
)
from cpec_tui.search.typo import Corrector, best_correction, correctable, max_distance
from cpec_tui.sequences import Indexed
from cpec_tui.vocabulary import MODES, SECTORS, THEMES, series_label

# Score of a word's best match by tier; a corrected word counts half, a phrase 1.5 times.
WORD_WEIGHTS = (0, 8, 4, 2)
CORRECTED_WEIGHTS = (0, 4, 2, 1)
PHRASE_WEIGHTS = (0, 12, 6, 3)
SCORE_UNIT = 8.0  # scores are reported divided by this: a tier-1 word match scores 1.0

Buckets = dict[int, Bitmap]
_COUNTRY_CODES = {name: code.lower() for code, name in COUNTRIES.items()}
_MAX_DID_YOU_MEAN_TRIES = 8
_MAX_RELAXED_CLAUSES = 6

Order = Literal["relevance", "newest", "oldest"]
ORDERS: tuple[Order, ...] = ("relevance", "newest", "oldest")
"""How results can be listed: best match first (recency breaks ties), or by date alone."""


class RankedPositions(Indexed[int]):
    """Ranked positions, decoded from score buckets only as far as they are read."""

    def __init__(self, buckets: Sequence[tuple[int, Bitmap]]) -> None:
        self._buckets = [(score, bitmap) for score, bitmap in buckets if bitmap]
        self._ends: list[int] = []
        total = 0
        for _score, bitmap in self._buckets:
            total += bitmap.bit_count()
            self._ends.append(total)
        self._decoded: list[list[int] | None] = [None] * len(self._buckets)
        self._bitmap: Bitmap | None = None

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _bucket(self, index: int) -> int:
        return bisect_right(self._ends, index)

    def _decode(self, bucket: int) -> list[int]:
        found = self._decoded[bucket]
        if found is None:
            found = self._decoded[bucket] = positions(self._buckets[bucket][1])
        return found

    def _item(self, index: int) -> int:
        bucket = self._bucket(index)
        before = self._ends[bucket - 1] if bucket else 0
        return self._decode(bucket)[index - before]

    def __iter__(self) -> Iterator[int]:
        for bucket in range(len(self._buckets)):
            yield from self._decode(bucket)

    def score(self, index: int) -> int:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("result index out of range")
        return self._buckets[self._bucket(index)][0]

    @property
    def bitmap(self) -> Bitmap:
        """Every ranked position as one bitmap (what facets count against)."""
        if self._bitmap is None:
            union = 0
            for _score, bitmap in self._buckets:
                union |= bitmap
            self._bitmap = union
        return self._bitmap

    def by_date(self, newest: bool) -> DatedPositions:
        """The same positions by date alone, newest or oldest first."""
        return DatedPositions(self._buckets, self.bitmap, newest)


class DatedPositions(Indexed[int]):
    """Matching positions by date: positions are newest first, so this is their order (or
    its reverse); each keeps the score its relevance bucket gave it.

    Decoded a block of positions at a time, from the end read first: the first screenful of
    100,000 matches costs one block, not the whole bitmap.
    """

    _BLOCK_BYTES = 512  # 4,096 positions

    def __init__(self, buckets: Sequence[tuple[int, Bitmap]], bitmap: Bitmap, newest: bool) -> None:
        self._buckets = buckets
        self._newest = newest
        self._bytes = bitmap.to_bytes((bitmap.bit_length() + 7) >> 3, "little")
        step = self._BLOCK_BYTES
        blocks = range(0, len(self._bytes), step)
        counts = [int.from_bytes(self._bytes[i : i + step], "little").bit_count() for i in blocks]
        if not newest:
            counts.reverse()
        self._ends = list(accumulate(counts))
        self._decoded: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _block(self, block: int) -> list[int]:
        """The positions of the ``block``-th block in reading order."""
        found = self._decoded.get(block)
        if found is None:
            step = self._BLOCK_BYTES
            stored = block if self._newest else len(self._ends) - 1 - block
            chunk = self._bytes[stored * step : (stored + 1) * step]
            base = stored * step * 8
            found = [base + p for p in positions(int.from_bytes(chunk, "little"))]
            if not self._newest:
                found.reverse()
            self._decoded[block] = found
        return found

    def _item(self, index: int) -> int:
        block = bisect_right(self._ends, index)
        before = self._ends[block - 1] if block else 0
        return self._block(block)[index - before]

    def score(self, index: int) -> int:
        position = self[index]
        return next(score for score, bitmap in self._buckets if bitmap >> position & 1)


class SearchResult:
    """The meetings matching a query, ranked, and how they matched."""

    def __init__(
        self,
        engine: SearchEngine,
        query: str,
        *,
        error: QueryError | None = None,
        buckets: Sequence[tuple[int, Bitmap]] = (),
        corrections: dict[str, str] | None = None,
        highlights: Sequence[Highlight] = (),
    ) -> None:
        self.query = query
        self.error = error
        self.corrections: dict[str, str] = corrections or {}
        self.did_you_mean: str | None = None
        self.highlights: tuple[Highlight, ...] = tuple(highlights)
        self._engine = engine
        self._ranked: RankedPositions | DatedPositions = RankedPositions(buckets)
        self._spans: dict[str, Spans] = {}
        self._orders: dict[Order, SearchResult] = {"relevance": self}

    @property
    def positions(self) -> Sequence[int]:
        """Ranked indices into ``engine.meetings`` (every match)."""
        return self._ranked

    @property
    def bitmap(self) -> Bitmap:
        """Every match as a bitmap over positions in ``engine.meetings``."""
        return self._relevance().bitmap

    def ordered(self, order: Order) -> SearchResult:
        """The same matches listed in ``order``; scores, spans and corrections are kept."""
        found = self._orders.get(order)
        if found is None:
            found = copy.copy(self)  # (shares the spans and the other orders)
            found._ranked = self._relevance().by_date(newest=order == "newest")
            self._orders[order] = found
        return found

    def _relevance(self) -> RankedPositions:
        ranked = self._orders["relevance"]._ranked
        assert isinstance(ranked, RankedPositions)
        return ranked

    def __len__(self) -> int:
        return len(self._ranked)

    def meeting(self, k: int) -> Meeting:
        """The k-th ranked meeting."""
        return self._engine.meetings[self._ranked[k]]

    def score(self, k: int) -> float:
        """The k-th meeting's score (higher is better; 0 when only filters matched)."""
        return self._ranked.score(k) / SCORE_UNIT

    def spans(self, meeting: Meeting) -> Spans:
        """Per field path, sorted non-overlapping ``(start, end)`` spans of what matched."""
        found = self._spans.get(meeting.id)
        if found is None:
            fields = self._engine.kinded_fields(meeting)
            found = compute_spans(fields, self.highlights)
            if len(self._spans) > 256:
                self._spans.clear()
            self._spans[meeting.id] = found
        return found

    def matched_fields(self, k: int) -> list[str]:
        """Field paths that matched in the k-th meeting, best tier first."""
        meeting = self.meeting(k)
        found = self.spans(meeting)
        tiers = {path: tier for path, tier, _text, _kind in self._engine.kinded_fields(meeting)}
        return sorted(found, key=lambda path: tiers.get(path, 4))


@dataclass
class _Evaluation:
    corrections: dict[str, str] = field(default_factory=dict)
    highlights: list[Highlight] = field(default_factory=list)


@dataclass
class _PhraseCache:
    checked: Bitmap = 0
    tiers: list[Bitmap] = field(default_factory=lambda: [0, 0, 0, 0])


class DatasetLike(Protocol):
    """A dataset's sources and meetings: a :class:`~cpec_tui.models.Dataset`, or as loaded."""

    @property
    def sources(self) -> Sequence[Source] | Mapping[str, Source]: ...

    @property
    def meetings(self) -> Sequence[Meeting]: ...


class SearchEngine:
    """Searches the meetings of a dataset (and the user's notes about them)."""

    def __init__(
        self,
        dataset: DatasetLike,
        notes: Sequence[Note] = (),
        *,
        index_state: object = None,
    ) -> None:
        """Index ``dataset``, or rebuild its index from ``index_state`` when one is given.

        ``index_state`` is what :meth:`index_state` returned for the same dataset; one that
        does not fit raises :class:`~cpec_tui.search.index.IndexStateError`.
        """
        sources = dataset.sources
        self.sources: Mapping[str, Source] = (
            sources if isinstance(sources, Mapping) else {source.key: source for source in sources}
        )
        meetings = dataset.meetings
        if not isinstance(meetings, Meetings):
            meetings = Meetings.of(meetings)
        # The build allocates millions of small objects but no reference cycles: pausing the
        # cyclic garbage collector spares it from rescanning the whole dataset again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if index_state is None:
                self.index = DatasetIndex(meetings, self.sources)
            else:
                self.index = DatasetIndex.from_state(meetings, index_state)
        finally:
            if collecting:
                gc.enable()
        self.meetings = meetings
        self._universe = full(len(meetings))
        self._results: LRU[str, SearchResult] = LRU(32)
        self._phrases: LRU[tuple[str, ...], _PhraseCache] = LRU(32)
        self._class_correctors: dict[str, Corrector] = {}
        self._lock = threading.RLock()
        self.notes = NotesIndex((), meetings.positions_by_id, len(meetings))
        if notes:
            self.set_notes(notes)

    # -- public ---------------------------------------------------------------------------

    def index_state(self) -> IndexState:
        """The dataset index as plain values, to rebuild it later (see ``index_state=``)."""
        return self.index.state()

    def position(self, meeting_id: str) -> int | None:
        """The index of a meeting in :attr:`meetings`, or None."""
        return self.meetings.position(meeting_id)

    def set_notes(self, notes: Sequence[Note]) -> None:
        """Re-index the user's notes (notes about unknown meetings are ignored)."""
        index = NotesIndex(notes, self.meetings.positions_by_id, len(self.meetings))
        with self._lock:
            self.notes = index
            self._results.clear()
            self._phrases.clear()

    def notes_for(self, meeting_id: str) -> list[Note]:
        """The indexed notes about a meeting."""
        return list(self.notes.by_meeting.get(meeting_id, ()))

    def kinded_fields(self, meeting: Meeting) -> list[tuple[str, int, str, str]]:
        """A meeting's searchable fields (with its notes) as (path, tier, text, kind)."""
        return list(kinded_fields(meeting, self.sources, self.notes_for(meeting.id)))

    def search(self, text: str) -> SearchResult:
        """Search; never raises: a malformed query gives a result with ``error`` set."""
        if not isinstance(text, str):
            text = str(text)
        with self._lock:  # searches may come from worker threads; the caches are shared
            cached = self._results.get(text)
            if cached is not None:
                return cached
            result = self._guarded(text)
            return self._results.put(text, result)

    def _guarded(self, text: str) -> SearchResult:
        try:
            return self._search(text)
        except QueryError as error:
            return SearchResult(self, text, error=error)
        except Exception as bug:  # a bug must not reach a user typing a query
            failure = QueryError(
                "This query could not be run — try rewording it.", 0, len(text), internal=True
            )
            failure.__cause__ = bug
            return SearchResult(self, text, error=failure)

    # -- evaluation -----------------------------------------------------------------------

    def _search(self, text: str) -> SearchResult:
        query = parse(text)
        result = self._run(query)
        if len(result) == 0 and not query.empty:
            result.did_you_mean = self._did_you_mean(query)
        return result

    def _run(self, query: Query) -> SearchResult:
        evaluation = _Evaluation()
        if query.empty:
            return SearchResult(self, query.text, buckets=[(0, self._universe)])
        within = self._universe
        scored: Buckets = {0: within}
        # Cheap clauses first, so phrases verify only the meetings still in the running;
        # exclusions last.
        order = sorted(query.clauses, key=_clause_cost)
        for clause in order:
            if not within:
                break
            if isinstance(clause, Not):
                within &= ~self._matches(clause.term, within)
                continue
            buckets = self._clause(clause, within, evaluation)
            scored = _and(scored, buckets)
            union = 0
            for bitmap in scored.values():
                union |= bitmap
            within &= union
        ranked = sorted(
            ((score, bitmap & within) for score, bitmap in scored.items()), reverse=True
        )
        return SearchResult(
            self,
            query.text,
            buckets=ranked,
            corrections=evaluation.corrections,
            highlights=evaluation.highlights,
        )

    def _clause(self, clause: Clause, within: Bitmap, evaluation: _Evaluation) -> Buckets:
        if isinstance(clause, AnyOf):
            merged: Buckets = {}
            taken = 0
            member_buckets = [self._clause(term, within, evaluation) for term in clause.terms]
            for score in sorted({s for found in member_buckets for s in found}, reverse=True):
                for found in member_buckets:
                    bitmap = found.get(score, 0) & ~taken if taken else found.get(score, 0)
                    if bitmap:
                        merged[score] = merged.get(score, 0) | bitmap
                        taken |= bitmap
            return merged
        if isinstance(clause, Not):
            return {0: within & ~self._matches(clause.term, within)}
        return self._atom(clause, within, evaluation)

    def _atom(self, atom: Atom, within: Bitmap, evaluation: _Evaluation | None) -> Buckets:
        """Buckets of an atom; ``evaluation`` is None when the atom is excluded (negated)."""
        if isinstance(atom, Word):
            buckets: Buckets = {0: within}
            for term in atom.terms:
                buckets = _and(buckets, self._word(atom, term, within, evaluation))
            return buckets
        if isinstance(atom, Phrase):
            return self._phrase(atom.words, within, evaluation)
        return {0: self._filter(atom, evaluation) & within}

    def _matches(self, atom: Atom, within: Bitmap) -> Bitmap:
        """Meetings (among ``within``) an excluded atom matches."""
        result = 0
        for bitmap in self._atom(atom, within, None).values():
            result |= bitmap
        return result

    def _tier_bitmaps(self, term: str, prefix: bool) -> tuple[Bitmap, Bitmap, Bitmap]:
        first, second, third = self.index.tiers
        if prefix:
            return (
                first.prefix(term),
                second.prefix(term),
                third.prefix(term) | (self.notes.words.prefix(term)),
            )
        return (
            first.exact(term),
            second.exact(term),
            third.exact(term) | (self.notes.words.exact(term)),
        )

    def _known_prefix(self, term: str) -> bool:
        return any(tier.has_prefix(term) for tier in self.index.tiers) or (
            self.notes.words.has_prefix(term)
        )

    def _word(
        self, word: Word, term: str, within: Bitmap, evaluation: _Evaluation | None
    ) -> Buckets:
        weights = WORD_WEIGHTS
        prefix = True
        if evaluation is not None and not self._known_prefix(term):
            corrected = best_correction(term, [self.index.corrector, self.notes.corrector])
            if corrected is not None:
                weights = CORRECTED_WEIGHTS
                prefix = False
                key = word.raw
                previous = evaluation.corrections.get(key)
                evaluation.corrections[key] = (
                    f"{previous} {corrected}" if previous is not None else corrected
                )
                term = corrected
        if evaluation is not None:
            evaluation.highlights.append(TermHighlight(term, prefix))
        first, second, third = self._tier_bitmaps(term, prefix)
        first &= within
        second &= within
        third &= within
        buckets: Buckets = {}
        if first:
            buckets[weights[1]] = first
        if second:
            second &= ~first
            if second:
                buckets[weights[2]] = second
        if third:
            third &= ~(first | second)
            if third:
                buckets[weights[3]] = third
        return buckets

    # -- phrases --------------------------------------------------------------------------

    def _phrase(
        self, words: tuple[str, ...], within: Bitmap, evaluation: _Evaluation | None
    ) -> Buckets:
        pattern = phrase_pattern(words)
        if evaluation is not None:
            evaluation.highlights.append(PhraseHighlight(pattern))
        candidates = within
        for i, word in enumerate(words):
            tiers = self._tier_bitmaps(word, prefix=i == len(words) - 1)
            candidates &= tiers[0] | tiers[1] | tiers[2]
            if not candidates:
                return {}
        cache = self._phrases.get(words)
        if cache is None:
            cache = self._phrases.put(words, _PhraseCache())
        todo = candidates & ~cache.checked
        if todo:
            found: list[list[int]] = [[], [], [], []]
            for position in positions(todo):
                found[self._phrase_tier(pattern, position)].append(position)
            size = len(self.meetings)
            for tier in (1, 2, 3):
                if found[tier]:
                    cache.tiers[tier] |= from_positions(found[tier], size)
            cache.checked |= todo
        buckets: Buckets = {}
        for tier in (1, 2, 3):
            bitmap = cache.tiers[tier] & candidates
            if bitmap:
                buckets[PHRASE_WEIGHTS[tier]] = bitmap
        return buckets

    def _phrase_tier(self, pattern: re.Pattern[str], position: int) -> int:
        """The best tier a phrase occurs in for a meeting (0: nowhere)."""
        texts = self.index.phrase_texts(position)
        for tier in (1, 2, 3):
            text = texts[tier - 1]
            if tier == 3:
                notes = self.notes.by_meeting.get(self.meetings.ids[position])
                if notes:
                    fields = [text for note in notes for text in (note.text, *note.tags)]
                    text = FIELD_SEPARATOR.join(filter(None, [text, phrase_text(fields)]))
            if pattern.search(text):
                return tier
        return 0

    # -- filters --------------------------------------------------------------------------

    def _filter(
        self,
        atom: TextFilter | IdFilter | VocabFilter | ModeFilter | DateFilter | HasFilter | TagFilter,
        evaluation: _Evaluation | None,
    ) -> Bitmap:
        index = self.index
        highlights = evaluation.highlights if evaluation is not None else []
        if isinstance(atom, TextFilter):
            return self._text_filter(atom, evaluation)
        if isinstance(atom, IdFilter):
            prefix = atom.prefix
            highlights.append(
                FieldHighlight(
                    kinds_of("id"),
                    lambda text: [(0, len(prefix))] if text.startswith(prefix) else [],
                )
            )
            return index.id_prefix(prefix)
        if isinstance(atom, VocabFilter):
            table = {"series": index.series, "sector": index.sectors, "theme": index.themes}
            result = 0
            for slug in atom.slugs:
                result |= table[atom.field].get(slug, 0)
            highlights.append(_vocabulary_highlight(atom))
            return result
        if isinstance(atom, ModeFilter):
            label = MODES[atom.mode]
            highlights.append(
                FieldHighlight(
                    kinds_of("mode"),
                    lambda text: [(0, len(text))] if text == label else [],
                )
            )
            return index.modes.get(atom.mode, 0)
        if isinstance(atom, DateFilter):
            first, last = atom.first, atom.last
            highlights.append(
                FieldHighlight(
                    kinds_of("date"),
                    lambda text: [(0, len(text))] if _overlaps(text, first, last) else [],
                )
            )
            return index.dates(first, last)
        if isinstance(atom, HasFilter):
            return self.notes.has_notes if atom.what == "notes" else index.conflicts
        tag = atom.prefix
        highlights.append(
            FieldHighlight(
                kinds_of("tag"),
                lambda text: (
                    [(0, len(text))]
                    if normalize(text).strip().lstrip("#").strip().startswith(tag)
                    else []
                ),
            )
        )
        return self.notes.tag_prefix(tag)

    def _text_filter(self, atom: TextFilter, evaluation: _Evaluation | None) -> Bitmap:
        index = self.index
        term_index: TermIndex = {
            "chair": index.chair,
            "person": index.person,
            "venue": index.venue,
            "outlet": index.outlet,
        }[atom.field]
        kinds = kinds_of(atom.field)
        result = self._universe
        corrected_words: list[str] = []
        corrected_any = False
        for word in atom.words:
            prefix = True
            if evaluation is not None and not term_index.has_prefix(word):
                limit = max_distance(word)
                if limit and correctable(word):
                    candidates = self._class_corrector(atom.field, term_index).candidates(
                        word, limit
                    )
                    if candidates:
                        word = candidates[0][1]
                        prefix = False
                        corrected_any = True
            corrected_words.append(word)
            result &= term_index.prefix(word) if prefix else term_index.exact(word)
            if evaluation is not None:
                evaluation.highlights.append(TermHighlight(word, prefix, kinds))
                if atom.field == "venue":
                    evaluation.highlights.append(_country_code_highlight(word))
        if evaluation is not None and corrected_any:
            value = " ".join(corrected_words)
            value = f'"{value}"' if len(corrected_words) > 1 else value
            evaluation.corrections[atom.raw] = f"{atom.field}:{value}"
        return result

    def _class_corrector(self, name: str, term_index: TermIndex) -> Corrector:
        corrector = self._class_correctors.get(name)
        if corrector is None:
            corrector = self._class_correctors[name] = Corrector(term_index.frequencies())
        return corrector

    # -- did you mean ---------------------------------------------------------------------

    def _did_you_mean(self, query: Query) -> str | None:
        """A query that would match: a respelt word first, else the query less one term."""
        return self._respelt(query) or self._relaxed(query)

    def _relaxed(self, query: Query) -> str | None:
        """The query without the one clause whose removal matches the most meetings.

        Every word of ``weidong gwadar`` matches somewhere, just never together; offering
        the best of its sub-queries turns a dead end into a next step.
        """
        clauses = query.clauses
        if not 2 <= len(clauses) <= _MAX_RELAXED_CLAUSES:
            return None
        best: tuple[int, str] | None = None
        for clause in clauses:
            candidate = " ".join((query.text[: clause.start] + query.text[clause.end :]).split())
            try:
                count = len(self._run(parse(candidate)))
            except QueryError:
                continue
            if count and (best is None or count > best[0]):
                best = (count, candidate)
        return best[1] if best else None

    def _respelt(self, query: Query) -> str | None:
        """The query with one word respelt so that it matches something, or None."""
        text = query.text
        tries = 0
        for word in _positive_words(query.clauses):
            if len(word.terms) != 1:
                continue
            term = word.terms[0]
            limit = max_distance(term)
            if not limit or not correctable(term):
                continue
            options: list[tuple[int, str]] = []
            for corrector in (self.index.corrector, self.notes.corrector):
                options += corrector.candidates(term, limit)
            options.sort()
            seen: set[str] = set()
            for _distance, option in options:
                if option in seen or option.startswith(term):
                    continue
                seen.add(option)
                candidate = text[: word.start] + option + text[word.end :]
                tries += 1
                try:
                    if len(self._run(parse(candidate))) > 0:
                        return candidate
                except QueryError:
                    pass
                if tries >= _MAX_DID_YOU_MEAN_TRIES:
                    return None
                if len(seen) >= 3:
                    break
        return None


def _clause_cost(clause: Clause) -> int:
    if isinstance(clause, Not):
        return 3
    if isinstance(clause, Phrase):
        return 2
    if isinstance(clause, AnyOf) and any(
        isinstance(term, Phrase) or (isinstance(term, Not) and isinstance(term.term, Phrase))
        for term in clause.terms
    ):
        return 2
    return 0 if isinstance(clause, (Word, AnyOf)) else 1


def _and(left: Buckets, right: Buckets) -> Buckets:
    """Meetings in both, with scores added."""
    result: Buckets = {}
    for left_score, left_bitmap in left.items():
        for right_score, right_bitmap in right.items():
            both = left_bitmap & right_bitmap
            if both:
                score = left_score + right_score
                result[score] = result.get(score, 0) | both
    return result


def _positive_words(clauses: Sequence[Clause | Term]) -> Iterator[Word]:
    for clause in clauses:
        if isinstance(clause, Word):
            yield clause
        elif isinstance(clause, AnyOf):
            yield from _positive_words(clause.terms)


def _overlaps(value: str, first: int | None, last: int | None) -> bool:
    period = date_period(value)
    if period is None:
        return False
    return (last is None or period[0] <= last) and (first is None or period[1] >= first)


def _country_code_highlight(code_prefix: str) -> FieldHighlight:
    """Highlights the country whose ISO code ``venue:pk`` matched."""

    def find(text: str) -> list[Span]:
        code = _COUNTRY_CODES.get(text)
        return [(0, len(text))] if code is not None and code.startswith(code_prefix) else []

    return FieldHighlight(kinds_of("venue") & {"venue.country"}, find)


def _vocabulary_highlight(atom: VocabFilter) -> FieldHighlight:
    if atom.field == "series":
        labels = [series_label(slug) for slug in atom.slugs]

        def find_series(text: str) -> list[Span]:
            for label in labels:
                if text == label or text.startswith(label + " "):
                    return [(0, len(label))]
            return []

        return FieldHighlight(kinds_of("series"), find_series)
    table = SECTORS if atom.field == "sector" else THEMES
    names = {table[slug] for slug in atom.slugs if slug in table}
    return FieldHighlight(
        kinds_of(atom.field), lambda text: [(0, len(text))] if text in names else []
    )
