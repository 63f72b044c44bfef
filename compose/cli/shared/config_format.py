"""Printing a project the way Docker Compose v2's ``config`` prints it (Go's encoders).

JSON: two-space indent, ``<``, ``>``, ``&`` escaped as ``\\u003c``..., integral
floats without a fraction, no newline at the end.

YAML (go-yaml v3 style): two-space indent, sequences indented under their key,
strings quoted only when they would read back as something else (double quotes)
or cannot be written plain (single quotes), multi-line strings as literal blocks.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from typing import Any

# --- numbers -------------------------------------------------------------------------------------


def _digits_exp(value: float) -> tuple[str, int, bool]:
    """Shortest round-trip digits, decimal exponent (0.d1d2... x 10^exp form: value = 0.DIGITS e EXP)."""
    text = repr(abs(value))
    mantissa, _, exp_text = text.partition("e")
    exp = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    lead_zeros = len(whole + frac) - len((whole + frac).lstrip("0"))
    point = len(whole) + exp - lead_zeros  # position of the decimal point within digits
    digits = digits.rstrip("0") or "0"
    return digits, point, value < 0


def _exp_form(digits: str, point: int, negative: bool, *, min_exp_digits: int) -> str:
    exp = point - 1
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    sign = "-" if exp < 0 else "+"
    return f"{'-' if negative else ''}{mant}e{sign}{abs(exp):0{min_exp_digits}d}"


def _fixed_form(digits: str, point: int, negative: bool) -> str:
    if point <= 0:
        text = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return ("-" if negative else "") + text


def go_float_g(value: float) -> str:
    """``strconv.FormatFloat(v, 'g', -1, 64)`` as go-yaml writes it (``.inf``, ``.nan``)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    digits, point, negative = _digits_exp(value)
    exp = point - 1
    if exp < -4 or exp >= 6:
        return _exp_form(digits, point, negative, min_exp_digits=2)
    return _fixed_form(digits, point, negative)


def go_float_json(value: float) -> str:
    """encoding/json's float format: fixed, or exponent when < 1e-6 or >= 1e21."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {value}")
    if value == 0:
        return "0"
    digits, point, negative = _digits_exp(value)
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        text = _exp_form(digits, point, negative, min_exp_digits=2)
        return re.sub(r"e-0(\d)$", r"e-\1", text)
    return _fixed_form(digits, point, negative)


# --- JSON ----------------------------------------------------------------------------------------

_JSON_FIX = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
             "\\b": "\\u0008", "\\f": "\\u000c"}
_JSON_FIX_RE = re.compile(r"[<>&\u2028\u2029]|\\\\|\\b|\\f")


def _fix_json_text(text: str) -> str:
    """Go's escapes: ``<``, ``>``, ``&``, U+2028/9 as ``\\u....``; ``\\b`` and ``\\f`` as ``\\u0008``..."""
    return _JSON_FIX_RE.sub(lambda m: _JSON_FIX.get(m.group(0), m.group(0)), text)


class _GoJSONEncoder(json.JSONEncoder):
    """The standard encoder, with Go's float format (``1.0`` -> ``1``); YAML timestamps as RFC 3339."""

    def default(self, o: Any) -> Any:
        from compose.load.source import Timestamp

        if isinstance(o, Timestamp):
            return o.rfc3339
        return super().default(o)

    def iterencode(self, o: Any, _one_shot: bool = False) -> Any:
        make = json.encoder._make_iterencode  # type: ignore[attr-defined]
        return make({}, self.default, json.encoder.encode_basestring, self.indent, go_float_json,
                    self.key_separator, self.item_separator, self.sort_keys, self.skipkeys, _one_shot)(o, 0)


def to_json(data: Any) -> str:
    """``data`` as Go's ``json.MarshalIndent(data, "", "  ")`` writes it (no final newline)."""
    text = _GoJSONEncoder(indent=2, ensure_ascii=False, separators=(",", ": ")).encode(data)
    return _fix_json_text(text)


# --- YAML ----------------------------------------------------------------------------------------

_OLD_BOOLS = frozenset({"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                        "on", "On", "ON", "off", "Off", "OFF"})
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = set(",[]{}")


def _resolves_elsewhere(s: str) -> bool:
    from compose.load.source import resolve_plain

    if s in _OLD_BOOLS or _BASE60.fullmatch(s):
        return True
    return not isinstance(resolve_plain(s), str)


def _plain_allowed(s: str) -> bool:
    """libyaml's analysis of a scalar for the plain block style."""
    if not s or s[0].isspace() or s[-1].isspace():
        return False
    if s.startswith(("---", "...")):
        return False
    first = s[0]
    if first in _INDICATORS:
        if first in "-?:" and len(s) > 1 and not s[1].isspace():
            pass
        else:
            return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    return s.isprintable()


def _double_quoted(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif not c.isprintable():
            code = ord(c)
            out.append(f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000
                       else f"\\U{code:08X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float_g(value)
    if not isinstance(value, str):
        return str(value)  # a YAML timestamp: its RFC 3339 text, plain
    return _string_scalar(value)


@functools.lru_cache(maxsize=8192)
def _string_scalar(s: str) -> str:
    if _resolves_elsewhere(s):
        return _double_quoted(s)
    if _plain_allowed(s):
        return s
    if s.isprintable():
        return "'" + s.replace("'", "''") + "'"
    return _double_quoted(s)


def _key(key: Any) -> str:
    return _scalar(key) if isinstance(key, str) else _scalar(str(key))


def _literal(s: str, indent: int) -> list[str]:
    """A multi-line string as a literal block (``|``, ``|-`` or ``|+``)."""
    if s.endswith("\n\n") or s == "\n":
        chomp = "+"
    elif s.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    body = s[:-1] if s.endswith("\n") else s
    header = "|" + ("2" if body.startswith(" ") else "") + chomp
    pad = " " * indent
    lines = [header]
    lines.extend((pad + line) if line else "" for line in body.split("\n"))
    return lines


def _is_block_string(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value and all(
        c.isprintable() or c in " \n" for c in value) and not value.endswith(" ")


def _emit(value: Any, indent: int, out: list[str], prefix: str) -> None:
    """Writes ``value``; ``prefix`` is what precedes it on its first line (``key:`` or ``- ``)."""
    pad = " " * indent
    if isinstance(value, Mapping) and value:
        first = True
        for k, v in value.items():
            line_prefix = prefix if first and prefix.endswith("- ") else pad
            head = f"{line_prefix}{_key(k)}:"
            first = False
            _emit_child(v, indent, out, head)
        return
    if isinstance(value, list) and value:
        for i, item in enumerate(value):
            head = prefix if i == 0 and prefix.endswith("- ") else pad
            _emit_item(item, indent, out, head + "- ")
        return
    out.append(prefix + _inline(value))


def _inline(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def _emit_child(value: Any, indent: int, out: list[str], head: str) -> None:
    """A mapping entry's value after ``key:``."""
    if (isinstance(value, Mapping) and value) or (isinstance(value, list) and value):
        out.append(head)
        _emit(value, indent + 2, out, "")
    elif _is_block_string(value):
        lines = _literal(value, indent + 2)
        out.append(f"{head} {lines[0]}")
        out.extend(lines[1:])
    else:
        out.append(f"{head} {_inline(value)}")


def _emit_item(item: Any, indent: int, out: list[str], head: str) -> None:
    """A sequence item after ``- ``."""
    if (isinstance(item, Mapping) and item) or (isinstance(item, list) and item):
        _emit(item, indent + 2, out, head)
    elif _is_block_string(item):
        lines = _literal(item, indent + 2)
        out.append(head + lines[0])
        out.extend(lines[1:])
    else:
        out.append(head + _inline(item))


def to_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as go-yaml v3 (indent 2) writes it, with a final newline."""
    if not data:
        return "{}\n"
    out: list[str] = []
    _emit(data, 0, out, "")
    return "\n".join(out) + "\n"


TOP_LEVEL_ORDER = ("name", "services", "networks", "volumes", "secrets", "configs", "models")


def yaml_order(data: Mapping[str, Any]) -> dict[str, Any]:
    """The project's top-level keys in the order v2's YAML prints them (extensions last)."""
    out = {k: data[k] for k in TOP_LEVEL_ORDER if k in data}
    out.update((k, v) for k, v in data.items() if k not in out)
    return out


# --- the YAML view -------------------------------------------------------------------------------
# The canonical dict is the JSON view. v2's YAML leaves out a few empty values its JSON prints
# (``command: null``, ``ipam: {}``...) and spells blkio throttle keys in lower case.

_BLKIO_KEYS = {"Path": "path", "Rate": "rate", "Weight": "weight"}


def _sorted_deep(value: Any) -> Any:
    """Extension values are plain Go maps: their keys print sorted."""
    if isinstance(value, Mapping):
        return {k: _sorted_deep(value[k]) for k in sorted(value, key=_GO_YAML_ORDER)}
    if isinstance(value, list):
        return [_sorted_deep(v) for v in value]
    return value


def _extensions_last(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
    out.update((k, _sorted_deep(data[k]))
               for k in sorted((k for k in data if isinstance(k, str) and k.startswith("x-")), key=_GO_YAML_ORDER))
    return out


def _go_yaml_less(a: str, b: str) -> bool:
    """go-yaml v3's map key order: like string order, but runs of digits compare as numbers."""
    digits = False
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            digits = ca.isdigit()
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return al if digits else bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _go_yaml_key(a: str, b: str) -> int:
    return -1 if _go_yaml_less(a, b) else (1 if _go_yaml_less(b, a) else 0)


_GO_YAML_ORDER = functools.cmp_to_key(_go_yaml_key)


def _natural_maps(value: Any) -> Any:
    """Maps (dicts whose keys are in string order: Go maps, not structs) re-sorted as go-yaml sorts them."""
    if isinstance(value, Mapping):
        keys = list(value)
        if len(keys) > 1 and all(isinstance(k, str) for k in keys) and keys == sorted(keys):
            keys = sorted(keys, key=_GO_YAML_ORDER)
        return {k: _natural_maps(value[k]) for k in keys}
    if isinstance(value, list):
        return [_natural_maps(v) for v in value]
    return value


def yaml_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """The project as v2's YAML prints it (top-level order, empty values left out)."""
    out = _extensions_last(yaml_order(_natural_maps(data)))
    services = out.get("services")
    if isinstance(services, Mapping):
        out["services"] = {name: _yaml_service(svc) if isinstance(svc, Mapping) else svc
                           for name, svc in services.items()}
    networks = out.get("networks")
    if isinstance(networks, Mapping):
        out["networks"] = {name: _without_empty(net, ("ipam",)) for name, net in networks.items()}
    return out


def _without_empty(value: Any, keys: tuple[str, ...], empty: tuple[Any, ...] = ({},)) -> Any:
    if not isinstance(value, Mapping):
        return value
    return {k: v for k, v in value.items() if not (k in keys and any(v == e and type(v) is type(e) for e in empty))}


def _yaml_service(service: Mapping[str, Any]) -> dict[str, Any]:
    out = _extensions_last({k: v for k, v in service.items()
                            if not (k in ("command", "entrypoint") and v is None)})
    deploy = out.get("deploy")
    if isinstance(deploy, Mapping):
        out["deploy"] = _without_empty(deploy, ("placement", "resources"))
    blkio = out.get("blkio_config")
    if isinstance(blkio, Mapping):
        out["blkio_config"] = {k: [{_BLKIO_KEYS.get(f, f): v for f, v in item.items()}
                                   if isinstance(item, Mapping) else item for item in v]
                               if isinstance(v, list) else v for k, v in blkio.items()}
    develop = out.get("develop")
    if isinstance(develop, Mapping) and isinstance(develop.get("watch"), list):
        watch = [_without_empty(rule, ("exec",), ({"command": None},)) for rule in develop["watch"]]
        out["develop"] = {**develop, "watch": watch}
    return out
