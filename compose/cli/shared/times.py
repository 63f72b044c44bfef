"""``--since``/``--until`` values as the docker CLI reads them: RFC 3339 dates, unix timestamps,
or durations before now (``42m``, ``1h30m``, ``10s``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from compose.errors import UsageError

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")


def timestamp(value: str, now: float) -> float:
    """Seconds since the epoch of ``value``; a ``UsageError`` naming it when it is none of the forms."""
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if _DURATION.fullmatch(text) or re.fullmatch(rf"(?:{_DURATION.pattern})+", text):
        return now - sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(text))
    return _date(text, value)


def _date(text: str, original: str) -> float:
    forms = ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S",
             "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H%z", "%Y-%m-%d")
    cleaned = text.replace("Z", "+00:00") if text.endswith("Z") else text
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)  # Python reads microseconds, not nanoseconds
    for form in forms:
        try:
            parsed = datetime.strptime(cleaned, form)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.timestamp()
    raise UsageError(f"invalid time {original!r}: use an RFC 3339 date, a unix timestamp or a duration like 42m")
