"""``${VAR}`` substitution in values, and the type casts Docker Compose v2 applies afterwards.

The forms, as v2 reads them:

    $$              a literal ``$``
    $NAME ${NAME}   the value, or "" when unset (the name is recorded as missing)
    ${NAME:-dflt}   dflt when NAME is unset or empty     ${NAME-dflt}  dflt when unset
    ${NAME:?msg}    error when NAME is unset or empty    ${NAME?msg}   error when unset
    ${NAME:+alt}    alt when NAME is set and not empty   ${NAME+alt}   alt when set

``dflt``, ``msg`` and ``alt`` are templates themselves (nesting), substituted
before the variable is looked at, as v2 does. A ``$`` that starts none of these
forms (``$1``, a trailing ``$``) is kept as it is; ``${`` with no closing brace
or a body that is not ``NAME[op...]`` is an error.

Only values are substituted, never mapping keys. After substitution, the values
at the paths of ``CASTS`` are converted (``"true"`` -> True, ``"3"`` -> 3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from compose._record import field, record
from compose.errors import InterpolationError
from compose.load.sourcemap import KeyPath, SourceMap, format_path

Lookup = Callable[[str], "str | None"]

_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class TemplateError(Exception):
    """A template that cannot be substituted; ``variable`` names the culprit when there is one."""

    def __init__(self, message: str, variable: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.variable = variable


@record(frozen=False)
class Substituter:
    """Substitutes templates against ``lookup`` and records the variables it used and missed."""

    lookup: Lookup
    used: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)

    def __call__(self, template: str) -> str:
        if "$" not in template:
            return template
        out: list[str] = []
        i = 0
        n = len(template)
        while i < n:
            j = template.find("$", i)
            if j < 0:
                out.append(template[i:])
                break
            out.append(template[i:j])
            nxt = template[j + 1 : j + 2]
            if nxt == "$":
                out.append("$")
                i = j + 2
            elif nxt == "{":
                end = _closing_brace(template, j)
                if end < 0:
                    raise TemplateError(f"invalid interpolation format: {template!r}")
                out.append(self._braced(template[j + 2 : end], template))
                i = end + 1
            else:
                m = _NAME.match(template, j + 1)
                if m is None:
                    out.append("$")
                    i = j + 1
                else:
                    out.append(self._value(m.group(0)))
                    i = m.end()
        return "".join(out)

    def _get(self, name: str) -> str | None:
        self.used.add(name)
        return self.lookup(name)

    def _value(self, name: str) -> str:
        value = self._get(name)
        if value is None:
            if name not in self.missing:
                self.missing.append(name)
            return ""
        return value

    def _braced(self, body: str, template: str) -> str:
        m = _NAME.match(body)
        if m is None:
            raise TemplateError(f"invalid interpolation format: {template!r}")
        name = m.group(0)
        rest = body[m.end() :]
        if not rest:
            return self._value(name)
        op = next((o for o in _OPERATORS if rest.startswith(o)), None)
        if op is None:
            raise TemplateError(f"invalid interpolation format: {template!r}")
        arg = self(rest[len(op) :])
        value = self._get(name)
        if op == ":-":
            return value if value else arg
        if op == "-":
            return arg if value is None else value
        if op == ":+":
            return arg if value else ""
        if op == "+":
            return arg if value is not None else ""
        if value is None or (op == ":?" and value == ""):
            message = f"required variable {name} is missing a value"
            raise TemplateError(f"{message}: {arg}" if arg else message, name)
        return value


def _closing_brace(s: str, start: int) -> int:
    """Index of the ``}`` closing the ``${`` at ``start``, counting nested ``${``; -1 if none."""
    depth = 0
    i = start
    n = len(s)
    while i < n:
        c = s[i]
        if c == "}":
            depth -= 1
            if depth == 0:
                return i
        elif c == "$" and s.startswith("${", i):
            depth += 1
            i += 1
        i += 1
    return -1


def substitute(template: str, lookup: Lookup) -> str:
    """One template against ``lookup`` (raises ``TemplateError``)."""
    return Substituter(lookup)(template)


# --- casts ---------------------------------------------------------------------------------------

def _to_int(value: str) -> int:
    if not re.fullmatch(r"[-+]?[0-9]+", value):
        raise ValueError(f"invalid syntax: {value!r}")
    return int(value)


def _to_float(value: str) -> float:
    if not re.fullmatch(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", value):
        raise ValueError(f"invalid syntax: {value!r}")
    return float(value)


_BOOLS = {"true": True, "false": False, "y": True, "yes": True, "on": True,
          "n": False, "no": False, "off": False}


def _to_bool(value: str) -> bool:
    try:
        return _BOOLS[value.lower()]
    except KeyError:
        raise ValueError(f"invalid boolean: {value}") from None


Cast = Callable[[str], Any]
_S = ("services", "*")

# Path patterns ("*" any key, "[]" any list index) whose string values v2 converts after substitution.
CASTS: dict[tuple[str, ...], Cast] = {
    **{(*_S, key): _to_int for key in ("cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period",
                                       "cpu_rt_runtime", "cpu_shares", "oom_score_adj", "pids_limit",
                                       "scale")},
    **{(*_S, key): _to_bool for key in ("init", "oom_kill_disable", "privileged", "read_only",
                                        "stdin_open", "tty")},
    (*_S, "cpu_percent"): _to_float,
    (*_S, "cpus"): _to_float,
    (*_S, "configs", "[]", "mode"): _to_int,
    (*_S, "secrets", "[]", "mode"): _to_int,
    (*_S, "deploy", "replicas"): _to_int,
    (*_S, "deploy", "update_config", "parallelism"): _to_int,
    (*_S, "deploy", "update_config", "max_failure_ratio"): _to_float,
    (*_S, "deploy", "rollback_config", "parallelism"): _to_int,
    (*_S, "deploy", "rollback_config", "max_failure_ratio"): _to_float,
    (*_S, "deploy", "restart_policy", "max_attempts"): _to_int,
    (*_S, "deploy", "placement", "max_replicas_per_node"): _to_int,
    (*_S, "healthcheck", "retries"): _to_int,
    (*_S, "healthcheck", "disable"): _to_bool,
    (*_S, "ports", "[]", "target"): _to_int,
    (*_S, "ulimits", "*"): _to_int,
    (*_S, "ulimits", "*", "hard"): _to_int,
    (*_S, "ulimits", "*", "soft"): _to_int,
    (*_S, "volumes", "[]", "read_only"): _to_bool,
    (*_S, "volumes", "[]", "volume", "nocopy"): _to_bool,
    **{(kind, "*", "external"): _to_bool for kind in ("networks", "volumes", "secrets", "configs")},
    **{("networks", "*", key): _to_bool for key in ("internal", "attachable", "enable_ipv4", "enable_ipv6")},
}


class _CastTrie:
    """``CASTS`` as a trie over path parts, walked along with the tree (``*`` any key, ``[]`` any index)."""

    __slots__ = ("cast", "children")

    def __init__(self) -> None:
        self.children: dict[str, _CastTrie] = {}
        self.cast: Cast | None = None

    def add(self, pattern: tuple[str, ...], cast: Cast) -> None:
        node = self
        for part in pattern:
            node = node.children.setdefault(part, _CastTrie())
        node.cast = cast

    def step(self, key: str | int) -> list[_CastTrie]:
        children = self.children
        found = children.get("[]") if isinstance(key, int) else children.get(key)
        wild = None if isinstance(key, int) else children.get("*")
        return [n for n in (found, wild) if n is not None]


_TRIE = _CastTrie()
for _pattern, _cast in CASTS.items():
    _TRIE.add(_pattern, _cast)


def _step(nodes: list[_CastTrie], key: str | int) -> list[_CastTrie]:
    if not nodes:
        return nodes
    if len(nodes) == 1:
        return nodes[0].step(key)
    return [child for node in nodes for child in node.step(key)]


def cast_for(path: KeyPath) -> Cast | None:
    """The cast v2 applies to a string at ``path``, if any."""
    nodes = [_TRIE]
    for key in path:
        nodes = _step(nodes, key)
    return next((n.cast for n in nodes if n.cast is not None), None)


# --- trees ---------------------------------------------------------------------------------------

@record(frozen=False)
class TreeInterpolator:
    """Substitutes every string value of a document; errors carry the file:line of the value."""

    substituter: Substituter
    sources: SourceMap
    cast: bool = True

    def __call__(self, data: Any) -> Any:
        return self._walk(data, (), [_TRIE] if self.cast else [])

    def _walk(self, value: Any, path: KeyPath, casts: list[_CastTrie]) -> Any:
        if isinstance(value, str):
            return self._string(value, path, casts)
        if isinstance(value, dict):
            return {k: self._walk(v, (*path, k), _step(casts, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, (*path, i), _step(casts, i)) for i, v in enumerate(value)]
        return value

    def _string(self, value: str, path: KeyPath, casts: list[_CastTrie]) -> Any:
        try:
            result = self.substituter(value)
        except TemplateError as exc:
            raise InterpolationError(exc.message, variable=exc.variable,
                                     location=self.sources.locate(path), path=format_path(path)) from None
        cast = next((n.cast for n in casts if n.cast is not None), None)
        if cast is None:
            return result
        try:
            return cast(result)
        except ValueError as exc:
            raise InterpolationError(f"failed to cast to expected type: {exc}",
                                     location=self.sources.locate(path), path=format_path(path)) from None


def interpolate(data: Any, substituter: Substituter, sources: SourceMap) -> Any:
    """A copy of ``data`` with every string value substituted and the v2 casts applied."""
    return TreeInterpolator(substituter, sources)(data)


def variables_in(data: Any) -> Iterable[tuple[str, str | None, bool]]:
    """``(name, default, required)`` for each variable a tree refers to (``config --variables``)."""
    seen: dict[str, tuple[str, str | None, bool]] = {}
    for text in _strings(data):
        for name, default, required in _scan(text):
            seen[name] = (name, default, required)
    return seen.values()


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def _scan(text: str) -> Iterable[tuple[str, str | None, bool]]:
    i = 0
    n = len(text)
    while i < n:
        j = text.find("$", i)
        if j < 0:
            return
        nxt = text[j + 1 : j + 2]
        if nxt == "$":
            i = j + 2
            continue
        if nxt == "{":
            end = _closing_brace(text, j)
            if end < 0:
                return
            body = text[j + 2 : end]
            m = _NAME.match(body)
            if m:
                rest = body[m.end() :]
                op = next((o for o in _OPERATORS if rest.startswith(o)), "")
                arg = rest[len(op) :]
                default = arg if op in (":-", "-") else None
                yield m.group(0), default, op in (":?", "?")
                if op:
                    yield from _scan(arg)
            i = end + 1
            continue
        m = _NAME.match(text, j + 1)
        if m:
            yield m.group(0), None, False
            i = m.end()
        else:
            i = j + 1
