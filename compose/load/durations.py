"""Durations, parsed one way for every layer: Go's ``time.ParseDuration`` (with ``d`` and ``w`` as
compose-go's str2duration) and printed as Go's ``time.Duration.String``.

The rules (Docker Compose v2's): a string needs a unit on every number (``1m30s``, ``1.5s``,
``500ms``), except ``0``; a YAML number is a count of seconds. So ``"10"`` is refused ("missing
unit"), ``10`` is ten seconds. ``DurationError`` says what was wrong; the caller adds where (the key).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NS_PER_SECOND", "DurationError", "format_duration", "parse_duration"]

NS_PER_SECOND = 10**9


class DurationError(ValueError):
    """A value that is not a duration."""



_UNITS_NS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
    "d": 24 * 3600 * 10**9,
    "w": 7 * 24 * 3600 * 10**9,
}
_DURATION_PART = re.compile(r"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h|d|w)")


def parse_duration(value: Any) -> int:
    """A duration in nanoseconds, from Go syntax (``1m30s``, ``1.5s``, ``500ms``; also ``d`` and ``w``
    as compose-go's str2duration) or a number of seconds."""
    if isinstance(value, bool):
        raise DurationError(f"invalid duration {value!r}")
    if isinstance(value, int | float):
        return round(value * 10**9)
    text = str(value).strip()
    sign = 1
    if text and text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise DurationError(f"invalid duration {value!r}")
    total = 0.0
    pos = 0
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        if not m or m.group(1) in ("", "."):
            raise DurationError(f"time: {'missing unit' if text[pos:].replace('.', '').isdigit() else 'invalid'} in duration {str(value)!r}")
        total += float(m.group(1)) * _UNITS_NS[m.group(2)]
        pos = m.end()
    return sign * round(total)


def format_duration(ns: int) -> str:
    """Go's ``time.Duration.String``: ``1h2m3.5s``, ``1m0s``, ``500ms``, ``1µs``, ``0s``."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    u = abs(ns)
    if u < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if u >= size:
                return sign + _decimal(u, size) + unit
    hours, rest = divmod(u, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = _decimal(rest, 10**9) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return sign + seconds


def _decimal(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    width = len(str(unit)) - 1
    return f"{whole}." + f"{frac:0{width}d}".rstrip("0")
