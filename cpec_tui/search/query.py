"""The query language: a hand-written tokenizer and parser that only ever raises QueryError.

energy gwadar            every word must match (AND), as a prefix, ignoring case/accents
"exact phrase"           words in this order
chair:"sun weidong"      field filters (see FIELDS); values may be quoted
-word  -field:value      exclude
a OR b c                 (a or b) and c; chains: a OR b OR c
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, cast

from cpec_tui.search.normalize import PART_RE, compact, normalize, query_words
from cpec_tui.search.registry import FILTERS
from cpec_tui.search.typo import distance
from cpec_tui.vocabulary import (
    MODES,
    SECTOR_SYNONYMS,
    SECTORS,
    SERIES,
    SERIES_SYNONYMS,
    THEME_SYNONYMS,
    THEMES,
)

FIELDS: dict[str, str] = {search_filter.name: search_filter.help for search_filter in FILTERS}
"""Each ``field:`` filter and what it matches, with an example (see the registry)."""

QUOTES = '"\u201c\u201d'  # straight and curly double quotes
_FIELD_RE = re.compile(r"([A-Za-z][A-Za-z_]*):")
_YEAR_RE = re.compile(r"\d{4}")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MODE_SYNONYMS = {"online": "virtual", "remote": "virtual", "video": "virtual"}
_HAS = {"notes": "notes", "note": "notes", "conflicts": "conflicts", "conflict": "conflicts"}

TextField = Literal["chair", "person", "venue", "outlet"]
VocabField = Literal["series", "sector", "theme"]


class QueryError(Exception):
    """A query that cannot be understood.

    ``message`` is one friendly sentence naming the offending part, which is
    ``query[start:end]``; ``suggestion`` (if any) is a replacement for that part, and
    ``fixed_query`` the whole query with it applied.
    """

    def __init__(
        self,
        message: str,
        start: int,
        end: int,
        suggestion: str | None = None,
        *,
        fixed_query: str | None = None,
        internal: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.suggestion = suggestion
        self.fixed_query = fixed_query
        self.internal = internal

    def __repr__(self) -> str:
        return f"QueryError({self.message!r}, {self.start}, {self.end}, {self.suggestion!r})"


# -- nodes -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    raw: str  # the query text of this term, e.g. 'chair:"sun weidong"'
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Word(Node):
    """A plain word: each of ``terms`` (normalized) must match as a prefix."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phrase(Node):
    """Normalized words that must appear consecutively (the last may be a prefix)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextFilter(Node):
    """``chair:``, ``person:``, ``venue:``, ``outlet:``: words within those fields."""

    field: TextField
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IdFilter(Node):
    prefix: str


@dataclass(frozen=True, slots=True)
class VocabFilter(Node):
    """``series:``, ``sector:``, ``theme:`` resolved to vocabulary slugs."""

    field: VocabField
    slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModeFilter(Node):
    mode: str


@dataclass(frozen=True, slots=True)
class DateFilter(Node):
    """``year:``/``date:`` as an inclusive range of proleptic ordinals, open if None."""

    first: int | None
    last: int | None


@dataclass(frozen=True, slots=True)
class HasFilter(Node):
    what: Literal["notes", "conflicts"]


@dataclass(frozen=True, slots=True)
class TagFilter(Node):
    prefix: str  # normalized


Filter = TextFilter | IdFilter | VocabFilter | ModeFilter | DateFilter | HasFilter | TagFilter
Atom = Word | Phrase | Filter


@dataclass(frozen=True, slots=True)
class Not(Node):
    term: Atom


Term = Atom | Not


@dataclass(frozen=True, slots=True)
class AnyOf(Node):
    """Terms joined by OR."""

    terms: tuple[Term, ...]


Clause = Term | AnyOf


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    clauses: tuple[Clause, ...]  # all must match

    @property
    def empty(self) -> bool:
        return not self.clauses


# -- tokenizer ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Operator:
    word: Literal["OR", "AND"]
    start: int
    end: int


def parse(text: str) -> Query:
    """Parse a query; raises :class:`QueryError` (and nothing else) when it is malformed."""
    parser = _Parser(text)
    items = parser.tokens()
    return Query(text, _group(text, items))


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(
        self, message: str, start: int, end: int, suggestion: str | None = None
    ) -> QueryError:
        fixed = None
        if suggestion is not None:
            fixed = self.text[:start] + suggestion + self.text[end:]
        return QueryError(message, start, end, suggestion, fixed_query=fixed)

    def tokens(self) -> list[Term | _Operator]:
        text = self.text
        items: list[Term | _Operator] = []
        while True:
            while self.pos < len(text) and text[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(text):
                return items
            item = self.term()
            if item is not None:
                items.append(item)

    def _quoted(self) -> tuple[str, int]:
        """Read a quoted string at ``pos``; returns its inside and the offset after it."""
        text = self.text
        start = self.pos
        end = start + 1
        while end < len(text) and text[end] not in QUOTES:
            end += 1
        if end >= len(text):
            inside = text[start + 1 : start + 21].strip()
            more = "…" if len(text) - start > 21 else ""
            where = f'before "{inside}{more}"' if inside else "at the end"
            raise self.error(
                f'The quote {where} is never closed — add a closing " to end the phrase.',
                start,
                len(text),
                text[start:].rstrip() + '"',
            )
        self.pos = end + 1
        return text[start + 1 : end], end + 1

    def _bare(self) -> str:
        text = self.text
        start = self.pos
        end = start
        while end < len(text) and not text[end].isspace() and text[end] not in QUOTES:
            end += 1
        self.pos = end
        return text[start:end]

    def term(self) -> Term | _Operator | None:
        text = self.text
        start = self.pos
        negated = False
        if text[start] == "-":
            nxt = text[start + 1] if start + 1 < len(text) else ""
            if nxt == "" or nxt.isspace():
                raise self.error(
                    'A lone "-" excludes nothing — put it right before a word, e.g. -energy.',
                    start,
                    start + 1,
                )
            negated = True
            self.pos += 1
        atom_start = self.pos
        atom: Atom | None
        if text[atom_start] in QUOTES:
            inside, end = self._quoted()
            words = tuple(query_words(inside))
            atom = Phrase(text[atom_start:end], atom_start, end, words) if words else None
        else:
            bare = self._bare()
            end = self.pos
            field = _FIELD_RE.match(bare)
            if not negated and bare in ("OR", "AND"):
                return _Operator("OR" if bare == "OR" else "AND", atom_start, end)
            if field is not None:
                atom = self.filter(field.group(1), bare, atom_start)
            else:
                terms = tuple(query_words(bare))
                atom = Word(bare, atom_start, end, terms) if terms else None
        if atom is None:
            return None
        if negated:
            return Not(text[start : atom.end], start, atom.end, atom)
        return atom

    def filter(self, name: str, bare: str, start: int) -> Filter:
        text = self.text
        field = name.lower()
        name_end = start + len(name) + 1
        if field not in FIELDS:
            raise self._unknown_field(name, start, name_end)
        value = bare[len(name) + 1 :]
        value_start = name_end
        if not value and self.pos < len(text) and text[self.pos] in QUOTES:
            value, end = self._quoted()
            value_start += 1
        else:
            end = self.pos
        raw = text[start:end]
        if not value.strip():
            raise self.error(
                f'"{name}:" needs a value, e.g. {FIELDS[field].rpartition("e.g. ")[2]}.'
                if "e.g." in FIELDS[field]
                else f'"{name}:" needs a value: {FIELDS[field]}.',
                start,
                end,
            )
        return self._filter_value(field, value, raw, start, end, value_start)

    def _unknown_field(self, name: str, start: int, end: int) -> QueryError:
        lowered = name.lower()
        scored = sorted(
            (distance(lowered, known, 2), known) for known in FIELDS if known[0] == lowered[0]
        )
        scored += sorted((distance(lowered, known, 2), known) for known in FIELDS)
        best = next(
            (known for d, known in scored if d <= 2 or known.startswith(lowered)),
            None,
        )
        if best is None:
            best = next((known for known in FIELDS if known.startswith(lowered)), None)
        if best is not None:
            return self.error(
                f'Unknown field "{name}:" — did you mean "{best}:"?', start, end, f"{best}:"
            )
        known = ", ".join(f"{field}:" for field in FIELDS)
        return self.error(f'Unknown field "{name}:" — the fields are {known}.', start, end)

    def _filter_value(
        self, field: str, value: str, raw: str, start: int, end: int, value_start: int
    ) -> Filter:
        if field in ("chair", "person", "venue", "outlet"):
            words = tuple(query_words(value))
            if not words:
                raise self.error(f'"{raw}" has no letters or digits to look for.', start, end)
            return TextFilter(raw, start, end, cast(TextField, field), words)
        if field == "id":
            return IdFilter(raw, start, end, value.strip().lower())
        if field in ("series", "sector", "theme"):
            return self._vocabulary(cast(VocabField, field), value, raw, start, end)
        if field == "mode":
            return self._mode(value, raw, start, end)
        if field == "has":
            what = _HAS.get(compact(value))
            if what is None:
                best = min(_HAS, key=lambda known: (distance(compact(value), known, 9), known))
                suggestion = f"has:{_HAS[best]}"
                raise self.error(
                    f'"{raw}" is not something a meeting can have — use has:notes or '
                    f"has:conflicts.",
                    start,
                    end,
                    suggestion,
                )
            return HasFilter(raw, start, end, "notes" if what == "notes" else "conflicts")
        if field == "tag":
            prefix = normalize(value.strip()).lstrip("#").strip()
            if not prefix:
                raise self.error(f'"{raw}" needs a tag to look for.', start, end)
            return TagFilter(raw, start, end, prefix)
        # year and date
        first, last = self._range(field, value, raw, start, end, value_start)
        return DateFilter(raw, start, end, first, last)

    def _vocabulary(
        self, field: VocabField, value: str, raw: str, start: int, end: int
    ) -> VocabFilter:
        vocabulary = VOCABULARIES[field][0]
        wanted = compact(value)
        if not wanted:
            raise self.error(f'"{raw}" has no letters or digits to look for.', start, end)
        exact = [slug for slug in vocabulary if compact(slug) == wanted]
        slugs = exact or [
            slug
            for slug, label in vocabulary.items()
            if any(key.startswith(wanted) for key in _vocabulary_keys(slug, label))
        ]
        if slugs:
            return VocabFilter(raw, start, end, field, tuple(slugs))
        plural = {"series": "series", "sector": "sectors", "theme": "themes"}[field]
        best = closest_value(field, wanted)
        if best is None:
            raise self.error(
                f'"{raw}" matches none of the {plural}, which are {", ".join(vocabulary)}.',
                start,
                end,
            )
        raise self.error(
            f'"{raw}" matches none of the {plural} — did you mean {field}:{best}?',
            start,
            end,
            f"{field}:{best}",
        )

    def _mode(self, value: str, raw: str, start: int, end: int) -> ModeFilter:
        wanted = compact(value)
        wanted = _MODE_SYNONYMS.get(wanted, wanted)
        matches = [slug for slug in MODES if wanted and compact(slug).startswith(wanted)]
        if len(matches) == 1:
            return ModeFilter(raw, start, end, matches[0])
        best = min(MODES, key=lambda slug: (distance(wanted, compact(slug), 99), slug))
        raise self.error(
            f'"{raw}" is not a mode — use mode:virtual, mode:in-person or mode:hybrid.',
            start,
            end,
            f"mode:{best}",
        )

    def _range(
        self, field: str, value: str, raw: str, start: int, end: int, value_start: int
    ) -> tuple[int | None, int | None]:
        low_text, dots, high_text = value.partition("..")
        if dots and not low_text.strip() and not high_text.strip():
            raise self.error(
                f'"{raw}" needs a start or an end, e.g. {field}:2020.. or {field}:..2020.',
                start,
                end,
            )
        parts = [(low_text, value_start)]
        if dots:
            parts.append((high_text, value_start + len(low_text) + 2))
        bounds: list[tuple[int, int] | None] = []
        for part, offset in parts:
            stripped = part.strip()
            if not stripped:
                bounds.append(None)
                continue
            at = offset + (len(part) - len(part.lstrip()))
            bounds.append(self._period(field, stripped, raw, at))
        low = bounds[0]
        high = bounds[-1]
        first = low[0] if low is not None else None
        last = high[1] if high is not None else None
        if first is not None and last is not None and first > last:
            raise self.error(f'"{raw}" ends before it starts.', start, end)
        return first, last

    def _period(self, field: str, part: str, raw: str, at: int) -> tuple[int, int]:
        if field == "year":
            if not _YEAR_RE.fullmatch(part):
                raise self.error(
                    f'"{part}" in "{raw}" is not a year — a year is four digits, e.g. year:2024.',
                    at,
                    at + len(part),
                )
            year = int(part)
            if year < 1:
                raise self.error(f'"{part}" in "{raw}" is not a real year.', at, at + len(part))
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        period = date_period(part)
        if period is None:
            raise self.error(
                f'"{part}" in "{raw}" is not a date — use YYYY, YYYY-MM or YYYY-MM-DD.',
                at,
                at + len(part),
            )
        return period


def date_period(value: str) -> tuple[int, int] | None:
    """The first and last day (as ordinals) of a ``YYYY[-MM[-DD]]`` date, or None if invalid."""
    match = _DATE_RE.fullmatch(value)
    if match is None:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    try:
        if month_text is None:
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        month = int(month_text)
        if day_text is None:
            last_day = calendar.monthrange(year, month)[1]
            return (
                dt.date(year, month, 1).toordinal(),
                dt.date(year, month, last_day).toordinal(),
            )
        day = dt.date(year, month, int(day_text)).toordinal()
    except (ValueError, calendar.IllegalMonthError):
        return None
    return day, day


VOCABULARIES: dict[VocabField, tuple[dict[str, str], dict[str, str]]] = {
    # each field's values (slug: label) and synonyms (compact key: slug)
    "series": (SERIES, SERIES_SYNONYMS),
    "sector": (SECTORS, SECTOR_SYNONYMS),
    "theme": (THEMES, THEME_SYNONYMS),
}
_SYNONYM_STEM = 4  # a synonym this long or longer also matches words it begins or that begin it


def closest_value(field: VocabField, value: str) -> str | None:
    """The vocabulary value to suggest for a ``field:value`` that matches none, or None.

    A synonym first (``farming`` → agriculture, ``sez`` → special-economic-zones), else the
    value whose slug or label (from any word) is within a typo or two of ``value``, read as a
    prefix; nothing rather than an unrelated value (``farming`` is not ``gwadar-maritime``).
    """
    vocabulary, synonyms = VOCABULARIES[field]
    wanted = compact(value)
    if not wanted:
        return None
    exact = synonyms.get(wanted)
    if exact is not None:
        return exact
    for key, slug in synonyms.items():
        shorter = min(len(key), len(wanted))
        if shorter >= _SYNONYM_STEM and (key.startswith(wanted) or wanted.startswith(key)):
            return slug
    limit = 1 if len(wanted) <= 6 else 2
    scored = sorted(
        (
            min(
                _prefix_distance(wanted, key, limit)
                for key in _vocabulary_keys(slug, vocabulary[slug])
            ),
            slug,
        )
        for slug in vocabulary
    )
    distance_found, best = scored[0]
    return best if distance_found <= limit else None


def _prefix_distance(word: str, key: str, limit: int) -> int:
    """Edits between ``word`` and the closest start of ``key`` (``enrg`` is 1 from energy)."""
    lengths = range(max(len(word) - limit, 1), len(word) + limit + 1)
    return min(distance(word, key[:length], limit) for length in lengths)


def _vocabulary_keys(slug: str, label: str) -> list[str]:
    """What a vocabulary value may be given as: its slug or label, or either from any word."""
    keys = []
    for text in (slug, label):
        words = PART_RE.findall(normalize(text))
        keys += ["".join(words[i:]) for i in range(len(words))]
    return keys


def _group(text: str, items: list[Term | _Operator]) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    pending: _Operator | None = None
    for item in items:
        if isinstance(item, _Operator):
            if pending is not None or not clauses:
                raise _dangling(text, item)
            pending = item
            continue
        if pending is not None and pending.word == "OR":
            previous = clauses.pop()
            members = previous.terms if isinstance(previous, AnyOf) else (previous,)
            clauses.append(
                AnyOf(text[previous.start : item.end], previous.start, item.end, (*members, item))
            )
        else:
            clauses.append(item)
        pending = None
    if pending is not None:
        raise _dangling(text, pending)
    return tuple(clauses)


def _dangling(text: str, operator: _Operator) -> QueryError:
    word = operator.word
    example = "energy OR power" if word == "OR" else "energy AND gwadar"
    rest = " ".join((text[: operator.start] + " " + text[operator.end :]).split())
    fixed = rest or None
    return QueryError(
        f'"{word}" needs a term on each side, e.g. {example}.',
        operator.start,
        operator.end,
        "",
        fixed_query=fixed,
    )
