"""The functions of a template: Go's builtins and Docker's (docker/cli templates), with Go's signatures.

A parameter type is ``any`` (Go ``interface {}``), ``value`` (``reflect.Value``: the function sees
boxes and ``MISSING``), ``string``, ``int`` or ``[]string``; the executor checks arguments against
them with Go's messages. A function fails with ``FuncError`` ("error calling NAME: ...").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ._fmt import sprint, sprintf, sprintln
from ._json import JsonError, go_json
from ._values import (
    MISSING,
    Box,
    StrSlice,
    Uint8,
    elem,
    is_str_map,
    type_name,
    unbox,
    utf8_len,
)


class FuncError(Exception):
    pass


class Func:
    __slots__ = ("impl", "params", "variadic")

    def __init__(self, params: tuple[str, ...], variadic: str | None, impl: Callable[[list[object]], object]) -> None:
        self.params = params
        self.variadic = variadic
        self.impl = impl


def is_true(v: object) -> bool:
    """Go's isTrue: the zero value of its type is false (``MISSING`` and nil too)."""
    v = unbox(v)
    if v is MISSING or v is None:
        return False
    if isinstance(v, bool | int | float):
        return v != 0
    if isinstance(v, str | list | Mapping):
        return len(v) > 0
    return True


def _index_arg(index: object, cap: int) -> int:
    if isinstance(index, int) and not isinstance(index, bool):
        x = int(index)
    elif index is MISSING or index is None:
        raise FuncError("cannot index slice/array with nil")
    else:
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    if x < 0 or x > cap:
        raise FuncError(f"index out of range: {x}")
    return x


def _index(argv: list[object]) -> object:
    item = unbox(argv[0])
    if item is MISSING:
        raise FuncError("index of untyped nil")
    for raw in argv[1:]:
        index = unbox(raw)
        if isinstance(item, Box):
            if item.v is None:
                raise FuncError("index of nil pointer")
            item = item.v
        if isinstance(item, str):
            data = item.encode("utf-8", "surrogatepass")
            x = _index_arg(index, len(data))
            if x == len(data):
                raise FuncError("reflect: string index out of range")
            item = Uint8(data[x])
        elif isinstance(item, list):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise FuncError("reflect: slice index out of range")
            item = elem(item, item[x])
        elif isinstance(item, Mapping):
            if index is MISSING or index is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise FuncError(f"value has type {type_name(index)}; should be string")
            if index in item:
                item = elem(item, item[index])
            else:
                item = "" if is_str_map(item) else Box(None)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def _slice(argv: list[object]) -> object:
    item = unbox(argv[0])
    indexes = argv[1:]
    if item is MISSING:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data = item.encode("utf-8", "surrogatepass")
        cap = len(data)
    elif isinstance(item, list):
        cap = len(item)
    else:
        raise FuncError(f"can't slice item of type {type_name(item)}")
    idx = [0, cap, cap]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(unbox(index), cap)
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    if isinstance(item, str):
        return data[idx[0]:idx[1]].decode("utf-8", "replace")
    part = item[idx[0]:idx[1]]
    return StrSlice(part) if isinstance(item, StrSlice) else part


def _len(argv: list[object]) -> object:
    item = argv[0]
    if isinstance(item, Box):
        if item.v is None:
            raise FuncError("len of nil pointer")
        item = item.v
    if item is MISSING:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return utf8_len(item)
    if isinstance(item, list | Mapping):
        return len(item)
    raise FuncError(f"len of type {type_name(item)}")


def _kind(v: object) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Uint8):
        return "uint"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "invalid"


def _eq(argv: list[object]) -> object:
    a1 = unbox(argv[0])
    if len(argv) < 2:
        raise FuncError("missing argument for comparison")
    k1 = _kind(a1)
    for raw in argv[1:]:
        a = unbox(raw)
        k2 = _kind(a)
        truth = False
        if k1 != k2:
            if {k1, k2} == {"int", "uint"}:
                truth = a1 == a
            elif a1 is not MISSING and a is not MISSING:
                raise FuncError("incompatible types for comparison")
        elif k1 != "invalid":
            truth = a1 == a
        elif a1 is MISSING or a is MISSING:
            truth = a1 is a
        elif type(a1) is not type(a) and not (isinstance(a1, list) and isinstance(a, list)):
            raise FuncError(sprintf("non-comparable types %s: %v, %v: %v", [a1, type_name(a1), type_name(a), a]))
        else:
            raise FuncError(sprintf("non-comparable type %s: %v", [a, type_name(a)]))
        if truth:
            return True
    return False


def _lt(argv: list[object]) -> bool:
    a, b = unbox(argv[0]), unbox(argv[1])
    k1, k2 = _kind(a), _kind(b)
    if k1 == "invalid" or k2 == "invalid":
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        if {k1, k2} == {"int", "uint"}:
            return bool(a < b)  # type: ignore[operator]
        raise FuncError("incompatible types for comparison")
    if k1 == "bool":
        raise FuncError("invalid type for comparison")
    return bool(a < b)  # type: ignore[operator]


def _le(argv: list[object]) -> bool:
    return _lt(argv) or bool(_eq(argv))


def _title(s: str) -> str:
    out = []
    prev = " "
    for c in s:
        if _is_separator(prev):
            t = c.title()
            out.append(t if len(t) == 1 else c)
        else:
            out.append(c)
        prev = c
    return "".join(out)


def _is_separator(c: str) -> bool:
    if c <= "\x7f":
        return not (c.isascii() and (c.isalnum() or c == "_"))
    if c.isalpha() or c.isdigit():
        return False
    return c.isspace()


def _case(s: str, upper: bool) -> str:
    out = []
    for c in s:
        t = c.upper() if upper else c.lower()
        out.append(t if len(t) == 1 else c if upper else t[0])  # Go maps rune to rune: ß stays, İ is i
    return "".join(out)


def _split(s: str, sep: str) -> StrSlice:
    if sep == "":
        return StrSlice(s)
    return StrSlice(s.split(sep))


def _truncate(s: str, n: int) -> str:
    data = s.encode("utf-8", "surrogatepass")
    if len(data) < n:
        return s
    if n < 0:
        raise FuncError(f"runtime error: slice bounds out of range [:{n}]")
    return data[:n].decode("utf-8", "replace")


def _pad(s: str, prefix: int, suffix: int) -> str:
    if s == "":
        return s
    if prefix < 0 or suffix < 0:
        raise FuncError("strings: negative Repeat count")
    return " " * prefix + s + " " * suffix


def _json(argv: list[object]) -> str:
    try:
        return go_json(argv[0])
    except JsonError as exc:
        raise FuncError(str(exc)) from None


def _eval_args(argv: list[object]) -> str:
    if len(argv) == 1 and isinstance(argv[0], str):
        return argv[0]
    return sprint(argv)


_HTML = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}
_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}
_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _html(argv: list[object]) -> str:
    return "".join(_HTML.get(c, c) for c in _eval_args(argv))


def _js(argv: list[object]) -> str:
    out = []
    for c in _eval_args(argv):
        if c in _JS:
            out.append(_JS[c])
        elif c < " ":
            out.append(f"\\u00{ord(c):02X}")
        elif c >= "\x80" and not c.isprintable():
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def _urlquery(argv: list[object]) -> str:
    out = []
    for b in _eval_args(argv).encode("utf-8", "surrogatepass"):
        c = chr(b)
        out.append(c if c in _URL_SAFE else "+" if c == " " else f"%{b:02X}")
    return "".join(out)


def _call(argv: list[object]) -> object:
    fn = unbox(argv[0])
    if fn is MISSING:
        raise FuncError("call of nil")
    if not callable(fn):
        raise FuncError(f"non-function of type {type_name(fn)}")
    try:
        return fn(*[unbox(a) for a in argv[1:]])
    except FuncError:
        raise
    except Exception as exc:
        raise FuncError(str(exc)) from None


def _s(fn: Callable[..., object]) -> Callable[[list[object]], object]:
    return lambda argv: fn(*argv)


BUILTINS: Mapping[str, Func] = {
    "and": Func(("value",), "value", lambda argv: argv[-1]),
    "or": Func(("value",), "value", lambda argv: argv[-1]),
    "not": Func(("value",), None, lambda argv: not is_true(argv[0])),
    "len": Func(("value",), None, _len),
    "index": Func(("value",), "value", _index),
    "slice": Func(("value",), "value", _slice),
    "call": Func(("value",), "value", _call),
    "eq": Func(("value",), "value", _eq),
    "ne": Func(("value", "value"), None, lambda argv: not _eq(argv)),
    "lt": Func(("value", "value"), None, _lt),
    "le": Func(("value", "value"), None, _le),
    "gt": Func(("value", "value"), None, lambda argv: not _le(argv)),
    "ge": Func(("value", "value"), None, lambda argv: not _lt(argv)),
    "print": Func((), "any", sprint),
    "println": Func((), "any", sprintln),
    "printf": Func(("string",), "any", lambda argv: sprintf(str(argv[0]), argv[1:])),
    "html": Func((), "any", _html),
    "js": Func((), "any", _js),
    "urlquery": Func((), "any", _urlquery),
    # docker/cli templates.basicFunctions
    "json": Func(("any",), None, _json),
    "split": Func(("string", "string"), None, _s(_split)),
    "join": Func(("[]string", "string"), None, lambda argv: str(argv[1]).join(argv[0])),  # type: ignore[arg-type]
    "title": Func(("string",), None, _s(_title)),
    "lower": Func(("string",), None, lambda argv: _case(str(argv[0]), False)),
    "upper": Func(("string",), None, lambda argv: _case(str(argv[0]), True)),
    "pad": Func(("string", "int", "int"), None, _s(_pad)),
    "truncate": Func(("string", "int"), None, _s(_truncate)),
}


def _same(argv: Sequence[object]) -> object:
    return argv[0]


# docker/cli templates.HeaderFunctions: what a table's header row is rendered with
HEADER_FUNCS: Mapping[str, Func] = {
    **BUILTINS,
    "json": Func(("string",), None, _same),
    "split": Func(("string", "string"), None, _same),
    "join": Func(("string", "string"), None, _same),
    "title": Func(("string",), None, _same),
    "lower": Func(("string",), None, _same),
    "upper": Func(("string",), None, _same),
    "truncate": Func(("string", "int"), None, _same),
}
