"""Typo correction of one query word against the words of the data.

Candidates come from a trigram index over the vocabulary (built once), and are checked with a
bounded Damerau-Levenshtein (optimal string alignment) distance, so correcting a word never
compares it with the whole vocabulary.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

MIN_LENGTH = 4
MAX_CANDIDATES = 80


def max_distance(word: str) -> int:
    """How many edits a correction of ``word`` may make (0: too short to correct)."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) <= 6 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between ``a`` and ``b``, or ``limit + 1`` if above."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        char = a[i - 1]
        best = i
        for j in range(1, len(b) + 1):
            cost = 0 if char == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def _grams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def correctable(word: str) -> bool:
    """Whether a word is a candidate for correction: letters only, long enough."""
    return len(word) >= MIN_LENGTH and word.isalpha()


class Corrector:
    """Finds the words of a vocabulary closest to a misspelt word."""

    def __init__(self, terms: Iterable[tuple[str, int]]) -> None:
        kept = [(term, weight) for term, weight in terms if len(term) >= 3 and term.isalpha()]
        self._terms: list[str] = [term for term, _ in kept]
        self._weights: list[int] = [weight for _, weight in kept]
        # Keyed by trigram and term length (as one string), so that a lookup only sees terms
        # of a usable length; term numbers are packed 4 bytes each.
        grams: dict[str, list[int]] = {}
        for number, term in enumerate(self._terms):
            size = chr(len(term))
            for gram in _grams(term):
                key = gram + size
                found = grams.get(key)
                if found is None:
                    grams[key] = [number]
                else:
                    found.append(number)
        self._grams: dict[str, bytes] = {
            key: array("i", found).tobytes() for key, found in grams.items()
        }
        self._cache: dict[tuple[str, int], list[tuple[int, str]]] = {}

    def state(self) -> tuple[list[str], list[int], dict[str, bytes]]:
        """The vocabulary, weights and trigram table as plain values (see :meth:`from_state`)."""
        return self._terms, self._weights, self._grams

    @classmethod
    def from_state(cls, state: object) -> Corrector:
        """The corrector :meth:`state` described; raises ``ValueError`` if malformed."""
        if not (isinstance(state, (tuple, list)) and len(state) == 3):
            raise ValueError("corrector state: not a triple")
        terms, weights, grams = state
        if not (
            isinstance(terms, list)
            and isinstance(weights, list)
            and isinstance(grams, dict)
            and len(terms) == len(weights)
            and set(map(type, terms)) <= {str}
            and set(map(type, weights)) <= {int}
            and set(map(type, grams)) <= {str}
            and set(map(type, grams.values())) <= {bytes}
        ):
            raise ValueError("corrector state: malformed")
        corrector = cls(())
        corrector._terms = terms
        corrector._weights = weights
        corrector._grams = grams
        return corrector

    def __len__(self) -> int:
        return len(self._terms)

    def candidates(self, word: str, limit: int) -> list[tuple[int, str]]:
        """Terms within ``limit`` edits of ``word`` as ``(distance, term)``, best first.

        Ties are broken by how common the term is, then alphabetically.
        """
        key = (word, limit)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        counts: Counter[int] = Counter()
        word_grams = _grams(word)
        sizes = [chr(size) for size in range(max(3, len(word) - limit), len(word) + limit + 1)]
        for gram in word_grams:
            for size in sizes:
                found = self._grams.get(gram + size)
                if found is not None:
                    counts.update(memoryview(found).cast("i"))
        # Each edit destroys at most three trigrams.
        needed = max(1, len(word_grams) - 3 * limit)
        terms = self._terms
        scored: list[tuple[int, bool, int, str]] = []
        for number, shared in counts.most_common(MAX_CANDIDATES):
            if shared < needed:
                break
            term = terms[number]
            if term == word:
                continue
            found_distance = distance(word, term, limit)
            if found_distance <= limit:
                scored.append((found_distance, term[0] != word[0], -self._weights[number], term))
        scored.sort()
        result = [(d, term) for d, _, _, term in scored]
        if len(self._cache) > 1024:
            self._cache.clear()
        self._cache[key] = result
        return result


def best_correction(word: str, correctors: Sequence[Corrector]) -> str | None:
    """The closest term to ``word`` in any of the correctors, or None."""
    limit = max_distance(word)
    if limit == 0 or not correctable(word):
        return None
    found: list[tuple[int, int, str]] = []
    for rank, corrector in enumerate(correctors):
        candidates = corrector.candidates(word, limit)
        if candidates:
            d, term = candidates[0]
            found.append((d, rank, term))
    return min(found)[2] if found else None
