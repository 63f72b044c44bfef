"""The one duration parser (compose.load.durations): Go's rules, every layer's."""

from __future__ import annotations

import pytest

from compose.load.durations import DurationError, format_duration, parse_duration

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
        ("1d", 86400 * S),
    ],
)
def test_parse_duration(text: object, ns: int) -> None:
    assert parse_duration(text) == ns


@pytest.mark.parametrize("bad", ["", "1x", "s", "1m 2s", "30", "1.5", True, None, [1]])
def test_parse_duration_rejects(bad: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("ns", "text"), [(90 * S, "1m30s"), (120 * S, "2m0s"), (S // 2, "500ms"), (0, "0s"), (3723 * S, "1h2m3s"), (5 * S, "5s")]
)
def test_format_duration_like_go(ns: int, text: str) -> None:
    assert format_duration(ns) == text


def test_a_string_needs_a_unit_and_a_number_is_seconds() -> None:
    """v2 (compose-go's str2duration) refuses "10"; a YAML 10 is ten seconds."""
    with pytest.raises(DurationError, match="missing unit"):
        parse_duration("10")
    assert parse_duration(10) == 10 * S


def test_every_layer_uses_the_same_parser() -> None:
    import compose.load._canon_kinds as canon
    import compose.model._reader as reader
    import compose.plan.images as images

    assert canon.parse_duration is parse_duration is reader.parse_duration is images.parse_duration
