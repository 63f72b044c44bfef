"""JSON text as Go's encoding/json writes it, for config hashes and the JSON outputs (no hashlib here:
read-only commands import this without the hashing)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["go_json"]

_GO_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})


def go_json(value: Any) -> str:
    """JSON as Go's encoding/json writes it: keys in the given order, compact, non-ASCII kept,
    and <, >, &, U+2028, U+2029 escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_default)
    return text.translate(_GO_ESCAPES)


def _default(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode a value of type {type(value).__name__}")
