"""The queries the keystroke and engine benchmarks type, drawn from the dataset under test.

Each *kind* is a list of :class:`Typed` cases: the text already in the search box
(``before``) and the text after one more keystroke (``after``). Every ``after`` of a kind is
distinct, so no measured query is answered from the engine's cache of whole results, and
the case mirrors typing: ``before`` is what was searched the keystroke before.

Kinds: ``word`` (the last letter of a whole word), ``prefix`` (the third letter of a word),
``two_words`` (the last letter of a second word), ``field`` (the last character of a
``field:value`` filter), ``typo`` (the last letter of a misspelt word, two inner letters
swapped) and ``clear`` (ctrl+u empties a two-word query).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cpec_tui.models import Meeting, Source
from cpec_tui.search import normalize, searchable_fields

KINDS = ("word", "prefix", "two_words", "field", "typo", "clear")
CLEAR_KEY = "ctrl+u"
SAMPLE_MEETINGS = 2000
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Typed:
    """One measured keystroke: ``key`` turns ``before`` into ``after``."""

    before: str
    after: str
    key: str


def _vocabulary(meetings: Sequence[Meeting], sources: dict[str, Source], seed: int) -> Counter[str]:
    """How many of (a sample of) the meetings use each lowercase word of 5+ letters."""
    rng = random.Random(f"cpec-bench-vocabulary:{seed}")
    # Positions, not meetings: a large dataset's meetings are packed, read one at a time.
    positions: Sequence[int] = range(len(meetings))
    if len(positions) > SAMPLE_MEETINGS:
        positions = rng.sample(positions, SAMPLE_MEETINGS)
    sample = [meetings[i] for i in positions]
    counts: Counter[str] = Counter()
    for meeting in sample:
        words: set[str] = set()
        for _path, tier, text in searchable_fields(meeting, sources, ()):
            if tier <= 2:
                words.update(w for w in _WORD.findall(normalize(text)) if len(w) >= 5)
        counts.update(words)
    return counts


def _typo(word: str, rng: random.Random, known: set[str]) -> str | None:
    """``word`` with two adjacent inner letters swapped, if that is not a known prefix."""
    for _ in range(8):
        i = rng.randrange(1, len(word) - 2)
        if word[i] == word[i + 1]:
            continue
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if not any(other.startswith(typo) for other in known):
            return typo
    return None


def _field_values(meetings: Sequence[Meeting], sources: dict[str, Source]) -> list[str]:
    values: set[str] = set()
    for meeting in meetings[:SAMPLE_MEETINGS]:
        values.update(f"sector:{sector}" for sector in meeting.sectors)
        values.update(f"theme:{theme}" for theme in meeting.themes)
        values.add(f"series:{meeting.series}")
        values.add(f"year:{str(meeting.date.value)[:4]}")
        if meeting.venue is not None and meeting.venue.city:
            city = _WORD.findall(normalize(meeting.venue.city))
            if city:
                values.add(f"venue:{city[0]}")
        for chair in meeting.co_chairs:
            name = _WORD.findall(normalize(chair.name))
            if name:
                values.add(f"chair:{name[-1]}")
        for key in meeting.sources:
            source = sources.get(key)
            outlet = _WORD.findall(normalize(source.outlet)) if source is not None else []
            if outlet:
                values.add(f"outlet:{outlet[0]}")
    return sorted(value for value in values if value[-1].isalnum())


def typed_queries(
    meetings: Sequence[Meeting], sources: Sequence[Source], count: int, seed: int = 0
) -> dict[str, list[Typed]]:
    """Up to ``count`` distinct keystroke cases of each kind (fewer if the data is small)."""
    by_key = {source.key: source for source in sources}
    rng = random.Random(f"cpec-bench-queries:{seed}")
    counts = _vocabulary(meetings, by_key, seed)
    # Words at least two meetings use (all of them in a tiny dataset), most common first.
    common = [w for w, n in counts.most_common() if n >= 2] or [w for w, _ in counts.most_common()]
    common = common[:400]
    words = rng.sample(common, len(common))
    known = set(counts)

    cases: dict[str, list[Typed]] = {kind: [] for kind in KINDS}
    for word in words[:count]:
        cases["word"].append(Typed(word[:-1], word, word[-1]))
    prefixes = sorted({word[:3] for word in words})
    for prefix in rng.sample(prefixes, min(count, len(prefixes))):
        cases["prefix"].append(Typed(prefix[:2], prefix, prefix[-1]))
    pairs: set[tuple[str, str]] = set()
    for _ in range(count * 20):
        if len(pairs) >= count or len(words) < 2:
            break
        first, second = rng.sample(words[:100], 2) if len(words) >= 100 else rng.sample(words, 2)
        pairs.add((first, second))
    for first, second in sorted(pairs):
        text = f"{first} {second}"
        cases["two_words"].append(Typed(text[:-1], text, text[-1]))
        cases["clear"].append(Typed(text, "", CLEAR_KEY))
    fields = _field_values(meetings, by_key)
    for value in rng.sample(fields, min(count, len(fields))):
        cases["field"].append(Typed(value[:-1], value, value[-1]))
    typos: set[str] = set()
    for word in words:
        if len(typos) >= count:
            break
        if len(word) >= 7:
            typo = _typo(word, rng, known)
            if typo is not None:
                typos.add(typo)
    for typo in sorted(typos):
        cases["typo"].append(Typed(typo[:-1], typo, typo[-1]))
    for kind in KINDS:
        rng.shuffle(cases[kind])
    return cases
