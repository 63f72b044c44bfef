"""Go's encoding/json over template values (compact; map keys sorted)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ._values import MISSING, Box, Struct, fixed_digits, format_float, shortest_digits, type_name, unbox


def go_json(v: object, *, escape_html: bool = False, sort_keys: bool = True) -> str:
    """Go's encoding/json, compact, map keys sorted (``escape_html``: ``<>&`` as ``\\u003c``...,
    as json.Marshal does; ``sort_keys=False``: the outer object keeps its order, as a struct)."""
    out: list[str] = []
    _json(unbox(v), out, escape_html, sort_keys)
    return "".join(out)


class JsonError(Exception):
    pass


def _json(v: object, out: list[str], esc: bool, sort: bool = True) -> None:
    if isinstance(v, Box):
        v = v.v
    if v is None or v is MISSING:
        out.append("null")
    elif isinstance(v, bool):
        out.append("true" if v else "false")
    elif isinstance(v, int):
        out.append(str(int(v)))
    elif isinstance(v, float):
        out.append(_json_float(v))
    elif isinstance(v, str):
        out.append(_json_str(v, esc))
    elif isinstance(v, list):
        out.append("[")
        for i, e in enumerate(v):
            if i:
                out.append(",")
            _json(e, out, esc)
        out.append("]")
    elif isinstance(v, Mapping):
        if isinstance(v, Struct):  # a struct: its fields in order, its methods left out
            keys = [k for k, e in v.items() if not callable(e)]
        else:
            keys = sorted(v) if sort else list(v)
        out.append("{")
        for i, k in enumerate(keys):
            if i:
                out.append(",")
            out.append(_json_str(str(k), esc))
            out.append(":")
            _json(v[k], out, esc)
        out.append("}")
    elif callable(v):
        raise JsonError(f"json: unsupported type: {type_name(v)}")
    else:
        out.append(_json_str(str(v), esc))


def _json_float(f: float) -> str:
    if math.isnan(f) or math.isinf(f):
        raise JsonError(f"json: unsupported value: {format_float(f)}")
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        digits, exp = shortest_digits(f)
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{'-' if f < 0 else ''}{mant}e{'-' if exp < 0 else '+'}{abs(exp)}"
    digits, exp = shortest_digits(f)
    return ("-" if math.copysign(1, f) < 0 else "") + fixed_digits(digits, exp)


_JSON_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _json_str(s: str, esc: bool) -> str:
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in _JSON_SHORT:
            out.append(_JSON_SHORT[ch])
        elif o < 0x20 or o in (0x2028, 0x2029) or (esc and ch in "<>&"):
            out.append(f"\\u{o:04x}")
        elif 0xD800 <= o < 0xE000:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


