from __future__ import annotations

import pytest

from compose.model.units import UnitError, format_duration, parse_duration, parse_mode, parse_size

S = 1_000_000_000


@pytest.mark.parametrize(
    ("text", "ns"),
    [
        ("1m30s", 90 * S),
        ("2m0s", 120 * S),
        ("500ms", S // 2),
        ("1.5s", 3 * S // 2),
        ("1h2m3s", 3723 * S),
        ("10us", 10_000),
        ("7ns", 7),
        ("0", 0),
        ("0s", 0),
        (10, 10 * S),
        (0.5, S // 2),
        ("30", 30 * S),
        ("1d", 86400 * S),
    ],
)
def test_parse_duration(text: object, ns: int) -> None:
    assert parse_duration(text) == ns


@pytest.mark.parametrize("bad", ["", "1x", "s", "1m 2s", True, None, [1]])
def test_parse_duration_rejects(bad: object) -> None:
    with pytest.raises(UnitError):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("ns", "text"), [(90 * S, "1m30s"), (120 * S, "2m0s"), (S // 2, "500ms"), (0, "0s"), (3723 * S, "1h2m3s"), (5 * S, "5s")]
)
def test_format_duration_like_go(ns: int, text: str) -> None:
    assert format_duration(ns) == text


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
