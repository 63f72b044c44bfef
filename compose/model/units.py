"""Durations and byte sizes as the model stores them.

Decision: every duration in the model is an ``int`` of **nanoseconds**
(the Engine API's unit for health checks; exact, no float rounding), and
every size is an ``int`` of **bytes**. ``None`` always means "not set" (the
image's or the engine's default applies), never zero.

The canonical project dict writes durations the way Go prints them
(``"1m30s"``, ``"500ms"``) and sizes as decimal strings (``"67108864"``);
the parsers here take the short forms a compose file allows for sizes (``"1g"``).
Durations have one parser for every layer: ``compose.load.durations``.
"""

from __future__ import annotations

import re

_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$", re.IGNORECASE)


class UnitError(ValueError):
    """A size or mode that cannot be parsed (the converter turns it into a ValidationError)."""


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
