"""Text normalization and tokenization shared by the index, the query parser and highlighting.

Normalizing folds case, compatibility forms and accents: ``Wéi-Dong`` becomes ``wei-dong``.
A *token* is a run of letters and digits, possibly joined by intra-word punctuation
(``- ' . /`` and the typographic apostrophe). A token is indexed as its joined form
(``weidong``) and, when it has more than one part, as each part (``wei``, ``dong``), so that
``weidong``, ``Wei-dong`` and ``dong`` all find "Wei-dong".
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse

INTRA_WORD = "'\u2019./-"
TOKEN_RE = re.compile("[^\\W_]+(?:['\u2019./-][^\\W_]+)*")
PART_RE = re.compile(r"[^\W_]+")
_STRIP_INTRA = str.maketrans("", "", INTRA_WORD)
_ASCII_KEEP = set(string.ascii_letters + string.digits + INTRA_WORD)
# ASCII fast path: lowercase letters, keep digits and intra-word punctuation, blank the rest.
_ASCII_SPLIT = {i: (chr(i).lower() if chr(i) in _ASCII_KEEP else " ") for i in range(128)}


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _drop_marks(match: re.Match[str]) -> str:
    return "".join(char for char in match.group() if not unicodedata.combining(char))


def normalize(text: str) -> str:
    """Fold case, compatibility forms and accents (NFKD, drop combining marks, casefold)."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    if folded.isascii():
        return folded
    # Only the non-ASCII runs can hold combining marks.
    return _NON_ASCII_RUN.sub(_drop_marks, folded)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """:func:`normalize` of one character (its result may be empty or longer than one)."""
    return normalize(char)


def compact(text: str) -> str:
    """Normalized letters and digits only: ``"In-person"`` -> ``"inperson"``."""
    return "".join(PART_RE.findall(normalize(text)))


def joined(token: str) -> str:
    """A normalized token without its intra-word punctuation: ``wei-dong`` -> ``weidong``."""
    return token.translate(_STRIP_INTRA)


def _add_token(token: str, out: set[str]) -> None:
    if token.isalnum():
        out.add(token)
    else:
        out.add(token.translate(_STRIP_INTRA))
        out.update(PART_RE.findall(token))


def index_terms(text: str, out: set[str] | None = None) -> set[str]:
    """Every term a text is indexed under: each token's joined form and its parts."""
    if not text.isascii():
        text = normalize(text)
    # Fast path: blank ASCII separators, split, and only look closer at what is left with
    # punctuation inside (a joined token, or a word with non-ASCII punctuation).
    # A full stop before a space ends a sentence, never joins a token.
    terms = set(text.replace(". ", " ").translate(_ASCII_SPLIT).split())
    odd = list(filterfalse(str.isalnum, terms))
    if odd:
        terms.difference_update(odd)
        for chunk in odd:
            chunk = chunk.strip(INTRA_WORD)
            if chunk.isalnum():
                terms.add(chunk)
            else:
                for token in TOKEN_RE.findall(chunk):
                    _add_token(token, terms)
    if out is not None:
        out |= terms
        return out
    return terms


def query_words(text: str) -> list[str]:
    """The normalized search words in a query word: ``"Wei-dong"`` -> ``["weidong"]``.

    Intra-word punctuation is removed; other punctuation separates words, so
    ``"(energy),"`` is ``["energy"]`` and ``"sun,weidong"`` is ``["sun", "weidong"]``.
    """
    return [joined(token) for token in TOKEN_RE.findall(normalize(text))]


@dataclass(frozen=True, slots=True)
class Folded:
    """A normalized text and, for each of its characters, the original character's offset."""

    text: str
    origin: tuple[int, ...] | None  # None: identity (ASCII text)

    def start(self, index: int) -> int:
        """Original offset of the normalized character at ``index``."""
        return index if self.origin is None else self.origin[index]

    def end(self, index: int) -> int:
        """Original end offset (exclusive) of a normalized range ending at ``index``."""
        if self.origin is None:
            return index
        return self.origin[index - 1] + 1 if index > 0 else 0


def fold(text: str) -> Folded:
    """Normalize ``text`` keeping the way back to original character offsets."""
    if text.isascii():
        return Folded(text.lower(), None)
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        folded = fold_char(char)
        chars.append(folded)
        origin.extend([offset] * len(folded))
    return Folded("".join(chars), tuple(origin))
