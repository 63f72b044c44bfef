"""Go's fmt over template values: ``%v`` printing (``map[a:1]``, ``[a b]``, ``1e+06``) and Sprintf."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ._values import MISSING, Box, Struct, elem, format_float, go_quote, type_name


class Spec:
    """A parsed fmt verb: flags, width, precision."""

    __slots__ = ("minus", "plus", "prec", "sharp", "space", "verb", "width", "zero")

    def __init__(self, verb: str = "v") -> None:
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.width = -1
        self.prec = -1
        self.verb = verb


_PLAIN = Spec()


def sprint_value(v: object) -> str:
    """fmt.Sprint of one value (``%v``)."""
    return fmt_value(v, _PLAIN, 0)


def _pad(s: str, spec: Spec, *, numeric: bool = False) -> str:
    if spec.width < 0 or len(s) >= spec.width:
        return s
    fill = spec.width - len(s)
    if spec.minus:
        return s + " " * fill
    if spec.zero:
        if numeric and s[:1] in "+- ":
            return s[0] + "0" * fill + s[1:]
        return "0" * fill + s
    return " " * fill + s


def _bad(v: object, spec: Spec) -> str:
    if v is None or v is MISSING:
        return f"%!{spec.verb}(<nil>)"
    return f"%!{spec.verb}({type_name(v)}={sprint_value(v)})"


def fmt_value(v: object, spec: Spec, depth: int) -> str:
    """fmt's printValue: one value under one verb, containers element by element."""
    verb = spec.verb
    if isinstance(v, Box):
        if v.v is None:
            return _pad("<nil>", spec)
        v = v.v
    if verb == "T":
        return _pad(type_name(v), spec)
    if v is None or v is MISSING:
        if depth > 0 or verb == "v":
            return _pad("<nil>", spec)
        return _bad(v, spec)
    if isinstance(v, bool):
        if verb in "vt":
            return _pad("true" if v else "false", spec)
        return _bad(v, spec)
    if isinstance(v, int):
        return _fmt_int(v, spec)
    if isinstance(v, float):
        return _fmt_float(v, spec)
    if isinstance(v, str):
        return _fmt_str(v, spec)
    if isinstance(v, list):
        if spec.sharp and verb == "v":
            inner = ", ".join(_go_syntax(e) for e in v)
            return f"{type_name(v)}{{{inner}}}"
        return "[" + " ".join(fmt_value(elem(v, e), spec, depth + 1) for e in v) + "]"
    if isinstance(v, Struct):  # {field field ...}, methods left out
        return "{" + " ".join(fmt_value(e, spec, depth + 1) for e in v.values() if not callable(e)) + "}"
    if isinstance(v, Mapping):
        if spec.sharp and verb == "v":
            inner = ", ".join(f"{go_quote(str(k))}:{_go_syntax(v[k])}" for k in sorted(v))
            return f"{type_name(v)}{{{inner}}}"
        parts = (f"{fmt_value(k, spec, depth + 1)}:{fmt_value(elem(v, v[k]), spec, depth + 1)}"
                 for k in sorted(v))
        return "map[" + " ".join(parts) + "]"
    if callable(v):
        return _pad(f"0x{id(v):x}", spec)
    return _pad(str(v), spec)


def _go_syntax(v: object) -> str:
    if v is None:
        return "interface {}(nil)"
    sharp = Spec()
    sharp.sharp = True
    return fmt_value(v, sharp, 1)


def _fmt_int(v: int, spec: Spec) -> str:
    verb = spec.verb
    if verb in "vd":
        body = str(abs(v))
        if spec.sharp and verb == "v":
            body = str(abs(v))
    elif verb == "b":
        body = format(abs(v), "b")
    elif verb == "o":
        body = ("0" if spec.sharp else "") + format(abs(v), "o")
    elif verb == "O":
        body = "0o" + format(abs(v), "o")
    elif verb in "xX":
        body = format(abs(v), verb)
        if spec.sharp:
            body = ("0x" if verb == "x" else "0X") + body
    elif verb == "c":
        return _pad(chr(v) if 0 <= v <= 0x10FFFF else "\ufffd", spec)
    elif verb == "q":
        return _pad("'" + go_quote(chr(v))[1:-1].replace("\\\"", '"').replace("'", "\\'") + "'", spec)
    elif verb == "U":
        text = f"U+{v:04X}"
        if spec.sharp and 0 <= v <= 0x10FFFF and chr(v).isprintable():
            text += f" '{chr(v)}'"
        return _pad(text, spec)
    else:
        return _bad(v, spec)
    if spec.prec >= 0:
        body = body.zfill(spec.prec) if spec.prec else ("" if v == 0 else body)
    sign = "-" if v < 0 else "+" if spec.plus else " " if spec.space else ""
    if spec.prec >= 0:
        zero = spec.zero
        spec.zero = False
        try:
            return _pad(sign + body, spec)
        finally:
            spec.zero = zero
    return _pad(sign + body, spec, numeric=True)


def _fmt_float(v: float, spec: Spec) -> str:
    verb = spec.verb
    if verb == "v":
        text = format_float(v, "g", spec.prec)
        if spec.sharp and "." not in text and "e" not in text and "Inf" not in text and "NaN" not in text:
            text = text  # Go's %#v of 1.0 is "1"
    elif verb in "eEfFgG":
        text = format_float(v, verb, spec.prec if spec.prec >= 0 or verb in "gG" else 6)
    elif verb in "xX":
        text = float.hex(v).replace("0x", "0x" if verb == "x" else "0X")
        text = text.upper() if verb == "X" else text
    else:
        return _bad(v, spec)
    if spec.plus and not text.startswith(("-", "+")):
        text = "+" + text
    elif spec.space and not text.startswith(("-", "+")):
        text = " " + text
    elif text == "+Inf" and not spec.plus:
        text = "+Inf"
    return _pad(text, spec, numeric=not math.isinf(v) and not math.isnan(v))


def _fmt_str(v: str, spec: Spec) -> str:
    verb = spec.verb
    if verb in "vs":
        if spec.sharp and verb == "v":
            return _pad(go_quote(v), spec)
        text = v[: spec.prec] if spec.prec >= 0 else v
        return _pad(text, spec)
    if verb == "q":
        text = v[: spec.prec] if spec.prec >= 0 else v
        if spec.sharp and "`" not in text and all(c.isprintable() or c == "\t" for c in text):
            return _pad("`" + text + "`", spec)
        return _pad(go_quote(text, ascii_only=spec.plus), spec)
    if verb in "xX":
        data = v.encode("utf-8", "surrogatepass")
        if spec.prec >= 0:
            data = data[: spec.prec]
        sep = " " if spec.space else ""
        digits = [format(b, "02x" if verb == "x" else "02X") for b in data]
        if spec.sharp:
            prefix = "0x" if verb == "x" else "0X"
            digits = [prefix + d for d in digits] if spec.space else [prefix + "".join(digits)] if digits else []
        return _pad(sep.join(digits), spec)
    return _bad(v, spec)


def sprint(args: Sequence[object]) -> str:
    """fmt.Sprint: spaces between operands when neither is a string."""
    out: list[str] = []
    prev_string = False
    for i, a in enumerate(args):
        is_string = isinstance(a, str)
        if i > 0 and not is_string and not prev_string:
            out.append(" ")
        out.append(sprint_value(a))
        prev_string = is_string
    return "".join(out)


def sprintln(args: Sequence[object]) -> str:
    return " ".join(sprint_value(a) for a in args) + "\n"


def sprintf(fmt: str, args: Sequence[object]) -> str:
    """fmt.Sprintf with Go's error forms (``%!d(string=x)``, ``%!d(MISSING)``, ``%!(EXTRA ...)``)."""
    out: list[str] = []
    argn = 0
    reordered = False
    i, n = 0, len(fmt)
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        i = j + 1
        spec = Spec()
        bad_index = False
        while i < n and fmt[i] in "+-# 0":
            c = fmt[i]
            if c == "+":
                spec.plus = True
            elif c == "-":
                spec.minus = True
                spec.zero = False
            elif c == "#":
                spec.sharp = True
            elif c == " ":
                spec.space = True
            elif not spec.minus:
                spec.zero = True
            i += 1
        i, argn, reordered, bad = _arg_index(fmt, i, argn, len(args), reordered)
        bad_index = bad_index or bad
        if i < n and fmt[i] == "*":
            i += 1
            if argn < len(args) and isinstance(args[argn], int) and not isinstance(args[argn], bool):
                spec.width = int(args[argn])  # type: ignore[call-overload]
                if spec.width < 0:
                    spec.minus, spec.width = True, -spec.width
            else:
                out.append("%!(BADWIDTH)")
            argn += 1
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                spec.width = int(fmt[start:i])
        if i < n and fmt[i] == ".":
            i += 1
            i, argn, reordered, bad = _arg_index(fmt, i, argn, len(args), reordered)
            bad_index = bad_index or bad
            if i < n and fmt[i] == "*":
                i += 1
                if argn < len(args) and isinstance(args[argn], int) and not isinstance(args[argn], bool):
                    spec.prec = max(int(args[argn]), -1)  # type: ignore[call-overload]
                else:
                    out.append("%!(BADPREC)")
                argn += 1
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                spec.prec = int(fmt[start:i]) if i > start else 0
        i, argn, reordered, bad = _arg_index(fmt, i, argn, len(args), reordered)
        bad_index = bad_index or bad
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        spec.verb = verb
        if verb == "%":
            out.append("%")
        elif bad_index:
            out.append(f"%!{verb}(BADINDEX)")
        elif argn >= len(args):
            out.append(f"%!{verb}(MISSING)")
        else:
            out.append(fmt_value(args[argn], spec, 0))
            argn += 1
    if not reordered and argn < len(args):
        extra = ", ".join("<nil>" if a is None else f"{type_name(a)}={sprint_value(a)}" for a in args[argn:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _arg_index(fmt: str, i: int, argn: int, nargs: int, reordered: bool) -> tuple[int, int, bool, bool]:
    if i >= len(fmt) or fmt[i] != "[":
        return i, argn, reordered, False
    close = fmt.find("]", i)
    if close < 0 or not fmt[i + 1:close].isdigit():
        return (close + 1 if close >= 0 else len(fmt)), argn, True, True
    index = int(fmt[i + 1:close]) - 1
    if not 0 <= index < nargs:
        return close + 1, argn, True, True
    return close + 1, index, True, False


