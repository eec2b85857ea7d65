"""Where a query matched in a meeting's fields (for highlighting), and snippets around it.

Spans are computed lazily, for the meetings being displayed only, by re-tokenizing their
fields and mapping normalized offsets back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cpec_tui.search.normalize import (
    INTRA_WORD,
    PART_RE,
    TOKEN_RE,
    Folded,
    fold,
    joined,
    normalize,
)

Span = tuple[int, int]
Spans = dict[str, list[Span]]
_PUNCT_GAP = "['\u2019./-]?"
_BREAKS = re.compile(r"[\r\n\t\f\v]")


@dataclass(frozen=True, slots=True)
class TermHighlight:
    """A normalized word, matched as a prefix (or exactly) of a token or of one of its parts."""

    term: str
    prefix: bool = True
    kinds: frozenset[str] | None = None  # None: every field


@dataclass(frozen=True, slots=True)
class PhraseHighlight:
    pattern: re.Pattern[str]
    kinds: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class FieldHighlight:
    """A structured filter: ``find`` returns spans in a field's original text."""

    kinds: frozenset[str]
    find: Callable[[str], list[Span]]


Highlight = TermHighlight | PhraseHighlight | FieldHighlight


FIELD_SEPARATOR = "\x1e"  # joins fields for phrase checks; a phrase never spans it


def phrase_text(fields: Iterable[str]) -> str:
    """Fields as one normalized text a :func:`phrase_pattern` is searched in.

    Lowercasing is normalizing for ASCII text; only the other fields (few and short: names,
    mostly) go through the full normalization.
    """
    return FIELD_SEPARATOR.join(
        [field if field.isascii() else normalize(field) for field in fields]
    ).lower()


def phrase_pattern(words: Sequence[str], last_is_prefix: bool = True) -> re.Pattern[str]:
    """A regex over normalized text for consecutive words; a word may contain intra-word
    punctuation in the text (``weidong`` finds ``wei-dong``). Words are non-empty runs of
    letters and digits."""
    gap = r"(?:[^\w\x1e]|_)+"
    body = gap.join(_PUNCT_GAP.join(re.escape(char) for char in word) for word in words)
    tail = "" if last_is_prefix else r"(?![^\W_])"
    # The first character comes first (and the word boundary is checked behind it), so the
    # regex engine can skip ahead to occurrences of that character.
    first = re.escape(words[0][0])
    return re.compile(first + r"(?<![^\W_].)" + body[len(first) :] + tail)


@lru_cache(maxsize=1024)
def _probe(term: str) -> re.Pattern[str]:
    """Finds where a term could match in folded text (its letters, maybe with punctuation)."""
    return re.compile(_PUNCT_GAP.join(re.escape(char) for char in term))


def _term_spans(term: str, prefix: bool, text: str) -> list[Span]:
    """Spans in folded ``text`` of tokens (or their parts) that ``term`` matches."""
    found: list[Span] = []
    size = len(term)
    for match in TOKEN_RE.finditer(text):
        token = match.group()
        start = match.start()
        if token.isalnum():
            if token.startswith(term) if prefix else token == term:
                found.append((start, start + size))
            continue
        if joined(token).startswith(term) if prefix else joined(token) == term:
            # The span ends after the term's last letter, punctuation included.
            count = 0
            for offset, char in enumerate(token):
                if char not in INTRA_WORD:
                    count += 1
                    if count == size:
                        found.append((start, start + offset + 1))
                        break
            continue
        for part in PART_RE.finditer(token):
            name = part.group()
            if name.startswith(term) if prefix else name == term:
                found.append((start + part.start(), start + part.start() + size))
    return found


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def compute_spans(
    fields: Iterable[tuple[str, int, str, str]], highlights: Sequence[Highlight]
) -> Spans:
    """Per field path, the merged spans of every highlight that matches in it."""
    result: Spans = {}
    if not highlights:
        return result
    for path, _tier, text, kind in fields:
        folded: Folded | None = None
        found: list[Span] = []
        for highlight in highlights:
            if highlight.kinds is not None and kind not in highlight.kinds:
                continue
            if isinstance(highlight, FieldHighlight):
                found += highlight.find(text)
                continue
            if folded is None:
                folded = fold(text)
            if isinstance(highlight, TermHighlight):
                if not _probe(highlight.term).search(folded.text):
                    continue
                pairs = _term_spans(highlight.term, highlight.prefix, folded.text)
            else:
                pairs = [match.span() for match in highlight.pattern.finditer(folded.text)]
            found += [(folded.start(a), folded.end(b)) for a, b in pairs if b > a]
        if found:
            merged = _merge(found)
            if merged:
                result[path] = merged
    return result


def snippet(text: str, spans: Sequence[Span], width: int = 80) -> tuple[str, list[Span]]:
    """A window of at most ``width`` characters of ``text`` around its first span.

    Line breaks become spaces; "…" marks where the text was cut; the spans are shifted into
    the window (and clipped to it).
    """
    width = max(width, 1)
    flat = _BREAKS.sub(" ", text)
    ordered = sorted((s, e) for s, e in spans if e > s)
    if len(flat) <= width:
        return flat, ordered
    first = ordered[0][0] if ordered else 0
    if width < 5:  # no room for context or ellipses
        start = min(first, len(flat) - width)
        return flat[start : start + width], _shift(ordered, start, start + width, -start)
    # Show about a third of the window before the match, starting at a word.
    start = max(0, first - width // 3)
    if start > 0:
        space = flat.rfind(" ", max(0, start - 10), first)
        if space >= 0:
            start = space + 1
    end = start + width - (1 if start > 0 else 0)
    if end < len(flat):
        end -= 1  # room for the closing ellipsis
    else:  # the window reaches the end: use the whole width
        end = len(flat)
        start = end - (width - 1)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    return lead + flat[start:end] + tail, _shift(ordered, start, end, len(lead) - start)


def _shift(spans: list[Span], start: int, end: int, shift: int) -> list[Span]:
    shifted: list[Span] = []
    for span_start, span_end in spans:
        a = max(span_start, start) + shift
        b = min(span_end, end) + shift
        if b > a:
            shifted.append((a, b))
    return shifted
