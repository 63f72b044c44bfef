"""Durations and byte sizes as the model stores them.

Decision: every duration in the model is an ``int`` of **nanoseconds**
(the Engine API's unit for health checks; exact, no float rounding), and
every size is an ``int`` of **bytes**. ``None`` always means "not set" (the
image's or the engine's default applies), never zero.

The canonical project dict writes durations the way Go prints them
(``"1m30s"``, ``"500ms"``) and sizes as decimal strings (``"67108864"``);
these parsers also take the short forms a compose file allows (``"1g"``,
``"10s"``, a bare number of seconds).
"""

from __future__ import annotations

import re

NS_PER_SECOND = 1_000_000_000

_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": NS_PER_SECOND,
    "m": 60 * NS_PER_SECOND,
    "h": 3600 * NS_PER_SECOND,
    "d": 86400 * NS_PER_SECOND,
    "w": 7 * 86400 * NS_PER_SECOND,
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)")

_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$", re.IGNORECASE)


class UnitError(ValueError):
    """A duration or size that cannot be parsed (the converter turns it into a ValidationError)."""


def parse_duration(value: object) -> int:
    """Nanoseconds from a Go-style duration string (``"1m30s"``) or a number of seconds."""
    if isinstance(value, bool):
        raise UnitError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        return round(value * NS_PER_SECOND)
    if not isinstance(value, str):
        raise UnitError(f"not a duration: {value!r}")
    text = value.strip()
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text in ("0", ""):
        if text == "":
            raise UnitError(f"not a duration: {value!r}")
        return 0
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return sign * round(float(text) * NS_PER_SECOND)
    pos, total = 0, 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            raise UnitError(f"not a duration: {value!r}")
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text):
        raise UnitError(f"not a duration: {value!r}")
    return sign * round(total)


def format_duration(ns: int) -> str:
    """Go's ``time.Duration.String()`` form: ``1m30s``, ``500ms``, ``0s``."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < NS_PER_SECOND:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000)):
            if ns >= size:
                return sign + _trim(ns / size) + unit
        return f"{sign}{ns}ns"
    hours, rest = divmod(ns, 3600 * NS_PER_SECOND)
    minutes, rest = divmod(rest, 60 * NS_PER_SECOND)
    out = f"{hours}h" if hours else ""
    if hours or minutes:
        out += f"{minutes}m"
    return sign + out + _trim(rest / NS_PER_SECOND) + "s"


def _trim(number: float) -> str:
    text = f"{number:.9f}".rstrip("0").rstrip(".")
    return text or "0"


def parse_size(value: object) -> int:
    """Bytes from ``67108864``, ``"64m"``, ``"1gb"``, ``"1.5GiB"`` (binary units, like Docker)."""
    if isinstance(value, bool):
        raise UnitError(f"not a byte size: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if not isinstance(value, str):
        raise UnitError(f"not a byte size: {value!r}")
    if re.fullmatch(r"\s*-\d+\s*", value):
        return int(value)
    match = _SIZE.match(value)
    if not match:
        raise UnitError(f"not a byte size: {value!r}")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def parse_mode(value: object) -> int:
    """A file mode: a string is octal (``"0440"``), a number is taken as is (YAML reads 0440 as 288)."""
    if isinstance(value, bool):
        raise UnitError(f"not a file mode: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value, 8)
        except ValueError:
            raise UnitError(f"not a file mode: {value!r}") from None
    raise UnitError(f"not a file mode: {value!r}")
