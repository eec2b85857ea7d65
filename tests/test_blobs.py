"""Compressed strings come back byte for byte, or raise ValueError when damaged."""

from __future__ import annotations

import marshal
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpec_tui.blobs import Blobs, BlobWriter


def _written(strings: list[bytes]) -> Blobs:
    writer = BlobWriter()
    for string in strings:
        writer.add(string)
    return writer.finish()


@given(st.lists(st.binary(max_size=300), max_size=40))
def test_every_string_comes_back(strings: list[bytes]) -> None:
    blobs = _written(strings)
    assert list(blobs) == strings
    again = Blobs.from_state(marshal.loads(marshal.dumps(blobs.state())))
    assert list(again) == strings
    assert blobs[-1:] == strings[-1:]


def test_alike_strings_share_a_dictionary() -> None:
    text = "Meeting {}: the sides reviewed cooperation on energy, agriculture and Gwadar port."
    strings = [text.format(i).encode() for i in range(200)]
    zdict, buffer, _ = _written(strings).state()
    assert zdict
    alone = sum(len(zlib.compress(string)) for string in strings)
    assert len(buffer) < alone / 2


def test_damage_is_a_value_error() -> None:
    blobs = _written([b"x" * 100] * 20)
    zdict, buffer, offsets = blobs.state()
    for wrong in (None, [zdict, buffer], [zdict, buffer[:-1], offsets], [zdict, buffer, b"\0"]):
        with pytest.raises(ValueError):
            Blobs.from_state(wrong)
    damaged = Blobs.from_state([zdict, bytes(len(buffer)), offsets])
    with pytest.raises(ValueError):
        damaged[3]
