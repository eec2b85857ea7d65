"""Sets of meeting positions as Python ints: bit ``i`` is the meeting at position ``i``.

``&``, ``|`` and ``int.bit_count`` run in C over the whole set at once, which is what makes
AND, OR and NOT across thousands of meetings cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Bitmap = int

_BYTE_BITS: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i in range(8) if value >> i & 1) for value in range(256)
)
_BIT = tuple(1 << i for i in range(8))
_NONZERO_RUN = re.compile(rb"[^\x00]+")


def from_positions(positions: Iterable[int], size: int) -> Bitmap:
    """The bitmap of some positions in ``range(size)``."""
    data = bytearray((size + 7) >> 3)
    bit = _BIT
    for position in positions:
        data[position >> 3] |= bit[position & 7]
    return int.from_bytes(data, "little")


def add_positions(data: bytearray, positions: Iterable[int]) -> None:
    """Set the bits of ``positions`` in a little-endian byte buffer."""
    bit = _BIT
    for position in positions:
        data[position >> 3] |= bit[position & 7]


def full(size: int) -> Bitmap:
    """Every position in ``range(size)``."""
    return (1 << size) - 1


def span(start: int, stop: int) -> Bitmap:
    """Positions ``start <= i < stop``."""
    return ((1 << (stop - start)) - 1) << start if stop > start else 0


def positions(bitmap: Bitmap) -> list[int]:
    """The set positions of a bitmap, ascending."""
    if bitmap <= 0:
        return []
    if bitmap & (bitmap + 1) == 0:  # all ones from bit 0
        return list(range(bitmap.bit_length()))
    if bitmap.bit_count() <= 32:
        result: list[int] = []
        while bitmap:
            low = bitmap & -bitmap
            result.append(low.bit_length() - 1)
            bitmap ^= low
        return result
    data = bitmap.to_bytes((bitmap.bit_length() + 7) >> 3, "little")
    out: list[int] = []
    extend = out.extend
    table = _BYTE_BITS
    for run in _NONZERO_RUN.finditer(data):
        base = run.start() << 3
        for byte in run.group():
            if byte:
                extend(map(base.__add__, table[byte]))
            base += 8
    return out
