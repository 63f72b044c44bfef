from __future__ import annotations

import pytest

from compose.model.units import UnitError, parse_mode, parse_size

S = 1_000_000_000


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("67108864", 67108864),
        (1000, 1000),
        ("64m", 64 << 20),
        ("1g", 1 << 30),
        ("1gb", 1 << 30),
        ("1GiB", 1 << 30),
        ("512k", 512 << 10),
        ("100b", 100),
        ("1.5g", 3 << 29),
        ("-1", -1),
    ],
)
def test_parse_size(text: object, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("bad", ["lots", "1x", True, None])
def test_parse_size_rejects(bad: object) -> None:
    with pytest.raises(UnitError):
        parse_size(bad)


def test_mode_string_is_octal_and_number_is_taken_as_is() -> None:
    assert parse_mode("0440") == 0o440
    assert parse_mode(448) == 448
    with pytest.raises(UnitError):
        parse_mode("rwx")
