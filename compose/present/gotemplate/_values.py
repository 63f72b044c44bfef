"""Go's view of JSON-like Python values: their Go types, and strconv's quoting and float formatting.

The data model: ``str`` is Go's ``string``, ``bool`` ``bool``, ``int`` ``int``, ``float`` ``float64``;
a ``list`` is ``[]string`` when every element is a ``str`` (as v2's struct fields are) and
``[]interface {}`` otherwise; a ``dict`` is ``map[string]string`` when every value is a ``str`` and
``map[string]interface {}`` otherwise. ``None`` (JSON null) is a nil ``interface {}``. Elements of the
``interface {}`` containers are handed around in a ``Box``, as Go's reflect hands them around as
interface values; ``MISSING`` is Go's invalid ``reflect.Value`` (a missing map key, ``<no value>``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class Box:
    """An ``interface {}`` value: an element of a ``[]interface {}`` or ``map[string]interface {}``."""

    __slots__ = ("v",)

    def __init__(self, v: object) -> None:
        self.v = v

    def __repr__(self) -> str:
        return f"Box({self.v!r})"


class StrSlice(list[str]):
    """A Go ``[]string`` made by a function (``split``), even when empty."""


class Uint8(int):
    """A byte: what ``index`` of a string gives."""


def unbox(v: object) -> object:
    """Go's ``indirectInterface``: the value inside an interface; a nil interface is ``MISSING``."""
    if isinstance(v, Box):
        return MISSING if v.v is None else v.v
    return v


def is_str_list(v: object) -> bool:
    return isinstance(v, StrSlice) or (isinstance(v, list) and all(isinstance(e, str) for e in v))


def is_str_map(v: object) -> bool:
    return isinstance(v, Mapping) and all(isinstance(e, str) for e in v.values())


def elem(container: object, value: object) -> object:
    """An element as Go's reflect gives it: boxed when the container holds ``interface {}``."""
    if isinstance(container, list):
        return value if is_str_list(container) else Box(value)
    if isinstance(container, Mapping):
        return value if is_str_map(container) else Box(value)
    return value


class Struct(dict[str, object]):
    """A row that Go holds as a struct, not a map: a field it lacks is an execution error
    (``can't evaluate field X in type *formatter.ContainerContext``), not ``<no value>``."""

    def __init__(self, go_type: str, fields: Mapping[str, object]) -> None:
        super().__init__(fields)
        self.go_type = go_type


def type_name(v: object) -> str:
    """Go's ``%T`` of a value."""
    if isinstance(v, Struct):
        return v.go_type
    if isinstance(v, Box):
        return "interface {}"
    if v is None or v is MISSING:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Uint8):
        return "uint8"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "[]string" if is_str_list(v) else "[]interface {}"
    if isinstance(v, Mapping):
        return "map[string]string" if is_str_map(v) else "map[string]interface {}"
    if callable(v):
        return "func"
    return type(v).__name__


def utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


# -- strconv -------------------------------------------------------------------------------

def go_quote(s: str, *, ascii_only: bool = False) -> str:
    """strconv.Quote (``ascii_only``: QuoteToASCII)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch.isprintable() and not (ascii_only and o >= 0x80):
            out.append(ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif 0xD800 <= o < 0xE000:
            out.append("\\ufffd")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def format_float(f: float, verb: str = "g", prec: int = -1) -> str:
    """strconv.FormatFloat(f, verb, prec, 64) for the verbs e, E, f, F, g, G."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if verb in "fF":
        return f"{f:.{6 if prec < 0 else prec}f}"
    if verb in "eE":
        if prec < 0:
            digits, exp = shortest_digits(f)
            mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
            text = f"{'-' if math.copysign(1, f) < 0 else ''}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
        else:
            text = f"{f:.{prec}e}"
        return text.upper() if verb == "E" else text
    # g / G
    if prec < 0:
        digits, exp = shortest_digits(f)
        neg = "-" if math.copysign(1, f) < 0 else ""
        if exp < -4 or exp >= 6:
            mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
            text = f"{neg}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
        else:
            text = neg + fixed_digits(digits, exp)
    else:
        text = f"{f:.{prec or 1}g}"
    return text.upper() if verb == "G" else text


def fixed_digits(digits: str, exp: int) -> str:
    if exp < 0:
        return "0." + "0" * (-exp - 1) + digits
    if exp + 1 >= len(digits):
        return digits + "0" * (exp + 1 - len(digits))
    return digits[: exp + 1] + "." + digits[exp + 1:]


def shortest_digits(f: float) -> tuple[str, int]:
    """The shortest decimal digits that round-trip, and the decimal exponent of the first one."""
    r = repr(abs(f))
    mant, _, e = r.partition("e")
    exp = int(e) if e else 0
    whole, _, frac = mant.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    if not digits:
        return "0", 0
    lead = len(whole) - 1 if whole != "0" else -(len(frac) - len(frac.lstrip("0")) + 1)
    return digits.rstrip("0") or "0", lead + exp

