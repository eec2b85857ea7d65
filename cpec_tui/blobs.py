"""Many small byte strings, each compressed on its own against a shared dictionary.

Packed meetings (:mod:`cpec_tui.meetings`) and the texts phrases are checked in
(:mod:`cpec_tui.search.index`) are tens of thousands of strings of a kilobyte or two, alike
in their words and layout. Compressed one by one they barely shrink; compressed against a
dictionary taken from the first few (zlib's ``zdict``) they take about a fifth of their size,
and each one is still read back alone, in microseconds. They live in one buffer with an
array of offsets, so a hundred thousand of them are two objects, not a hundred thousand.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import pairwise

from cpec_tui.sequences import Indexed

_SAMPLES = 16  # strings whose bytes make up the shared dictionary
_ZDICT_BYTES = 32 * 1024  # (zlib uses at most this much of a dictionary)
_LEVEL = 6


class Blobs(Indexed[bytes]):
    """Compressed strings; ``blobs[i]`` is the i-th string as it was added."""

    def __init__(self, zdict: bytes, buffer: bytes, offsets: array[int]) -> None:
        self._zdict = zdict
        self._buffer = buffer
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _item(self, index: int) -> bytes:
        """The string at ``index``; ValueError if its bytes are damaged."""
        offsets = self._offsets
        compressed = self._buffer[offsets[index] : offsets[index + 1]]
        try:
            decompressor = zlib.decompressobj(zdict=self._zdict)
            raw = decompressor.decompress(compressed) + decompressor.flush()
        except zlib.error as error:
            raise ValueError(f"blob {index} is damaged: {error}") from None
        if not decompressor.eof:
            raise ValueError(f"blob {index} is cut short")
        return raw

    def state(self) -> list[bytes]:
        """Plain values :meth:`from_state` rebuilds these from."""
        return [self._zdict, self._buffer, self._offsets.tobytes()]

    @classmethod
    def from_state(cls, state: object) -> Blobs:
        """Blobs from :meth:`state`; ValueError if ``state`` is not one."""
        if not (
            isinstance(state, list)
            and len(state) == 3
            and all(isinstance(part, bytes) for part in state)
        ):
            raise ValueError("blobs: not three byte strings")
        zdict, buffer, offset_bytes = state
        offsets = array("Q")
        if len(offset_bytes) % offsets.itemsize:
            raise ValueError("blobs: the offsets are cut short")
        offsets.frombytes(offset_bytes)
        if (
            not offsets
            or offsets[0] != 0
            or offsets[-1] != len(buffer)
            or any(a > b for a, b in pairwise(offsets))
        ):
            raise ValueError("blobs: the offsets do not fit")
        return cls(zdict, buffer, offsets)


class BlobWriter:
    """Compresses strings one at a time into :class:`Blobs`."""

    def __init__(self) -> None:
        self._zdict = b""
        self._buffer = bytearray()
        self._offsets = array("Q", [0])
        self._waiting: list[bytes] = []  # the first few, until the dictionary is made

    def add(self, raw: bytes) -> None:
        if self._zdict:
            self._compress(raw)
            return
        self._waiting.append(raw)
        if len(self._waiting) >= _SAMPLES:
            self._flush()

    def finish(self) -> Blobs:
        """The strings added so far (the writer is not to be used again)."""
        self._flush()
        return Blobs(self._zdict, bytes(self._buffer), self._offsets)

    def _flush(self) -> None:
        if not self._zdict:
            self._zdict = b"".join(self._waiting)[-_ZDICT_BYTES:] or b"\0"
        waiting, self._waiting = self._waiting, []
        for raw in waiting:
            self._compress(raw)

    def _compress(self, raw: bytes) -> None:
        compressor = zlib.compressobj(_LEVEL, zdict=self._zdict)
        self._buffer += compressor.compress(raw)
        self._buffer += compressor.flush()
        self._offsets.append(len(self._buffer))
