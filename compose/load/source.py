"""YAML text -> plain trees with positions.

``parse_documents`` turns the text of one compose file into one ``Document``
per YAML document: the plain tree (dict/list/str/int/float/bool/None), a
``SourceMap`` of where each key and item was written, and the key paths tagged
``!reset`` or ``!override`` (the merge clears them from what came before).

libyaml (``CSafeLoader``) builds the node graph; the scalars are typed here,
the way Docker Compose v2 (go-yaml) types them, which is YAML 1.2 with a few
1.1 leftovers:

- booleans are only ``true``/``false`` (any case form YAML allows); ``yes``,
  ``on``, ``y`` ... stay strings;
- integers take Go's base prefixes (``0x``, ``0o``, ``0b``) and a leading ``0``
  is octal (``017`` is 15); underscores are ignored (``1_000``);
- ``1:20`` is a string (no sexagesimal numbers).

Duplicate keys are errors naming both places; keys must be strings; ``<<``
merge keys copy the entries of the aliased mappings the entry does not set.

Aliases are expanded, within go-yaml v3's bound: a document whose values come
mostly from alias expansion ("billion laughs") fails with go-yaml's "document
contains excessive aliasing" as soon as the ratio is passed, before the
expansion grows. Collections nest at most ``MAX_DEPTH`` levels (every later
stage walks the tree recursively); libyaml itself stops at 1000.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compose._record import record
from compose.errors import DuplicateKeyError, Location, YamlSyntaxError
from compose.load.sourcemap import KeyPath, SourceMap, format_path

RESET_TAG = "!reset"
OVERRIDE_TAG = "!override"
_MERGE_KEY = "<<"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
PLAIN_TAG = "?plain"
_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)
MAX_DEPTH = 100
"""How deep collections may nest: the later stages (interpolation, merge, the model's freeze) recurse
three frames a level at most, so 100 levels stay well inside Python's recursion limit."""


@record
class Timestamp:
    """A plain scalar go-yaml reads as a ``time.Time`` (``2001-12-14``): not a string, so the schema
    rejects it where a string is expected, as v2 does; printed as RFC 3339 (``2001-12-14T00:00:00Z``)."""

    text: str
    rfc3339: str

    def __str__(self) -> str:
        return self.rfc3339


@record
class Document:
    """One YAML document of a compose file."""

    file: str
    data: Any
    sources: SourceMap
    resets: frozenset[KeyPath]
    """Paths tagged ``!reset`` (removed from ``data``) or ``!override`` (kept)."""


class _Loader(yaml.CSafeLoader):
    """libyaml's parser with no implicit typing: an untagged plain scalar comes back tagged ``PLAIN``,
    so that ``!!str 017`` (explicit) and ``017`` (plain) stay apart; they are typed by ``resolve_plain``."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


def parse_documents(text: str, file: str) -> list[Document]:
    """Every non-empty document of ``text``; ``file`` is the name used in locations."""
    directive = _YAML_DIRECTIVE.search(text) if text.startswith("%") or "\n%" in text else None
    if directive and directive.group(1) != "1.1":
        line = text.count("\n", 0, directive.start()) + 1
        raise YamlSyntaxError(f"found incompatible YAML document (version {directive.group(1)})",
                              location=Location(file, line, 1))
    try:
        nodes = [n for n in yaml.compose_all(text, Loader=_Loader) if not _empty(n)]
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: at its line and column
        at = min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise YamlSyntaxError(f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}",
                              location=Location(file, line, col)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", location=Location(file, 1, 1)) from None
    except UnicodeEncodeError as exc:  # a lone surrogate: bytes that were not UTF-8, read with surrogateescape
        line = text.count("\n", 0, exc.start) + 1
        col = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        raise YamlSyntaxError(f"invalid UTF-8 (U+{ord(text[exc.start]):04X} is not a character)",
                              location=Location(file, line, col)) from None
    return [_Builder(file).document(node) for node in nodes]


def _empty(node: Node | None) -> bool:
    """An empty document (``---`` with nothing after it) is skipped, as v2 does."""
    return node is None or (isinstance(node, ScalarNode) and node.value == "" and node.tag == PLAIN_TAG)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    parts = [p for p in (exc.context, exc.problem) if p]
    return YamlSyntaxError("invalid YAML: " + ", ".join(parts), location=loc)


# go-yaml v3's bound on alias expansion (decode.go, allowedAliasRatio): past 1000 decoded nodes and
# 100 of them coming from aliases, at most 99% of the nodes may come from aliases up to 400,000 decoded
# nodes, falling smoothly to 10% at 4,000,000.
_ALIAS_RATIO_LOW = 400_000
_ALIAS_RATIO_HIGH = 4_000_000


def allowed_alias_ratio(decodes: int) -> float:
    if decodes <= _ALIAS_RATIO_LOW:
        return 0.99
    if decodes >= _ALIAS_RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * (decodes - _ALIAS_RATIO_LOW) / (_ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW)


class _Budget:
    """The nodes one document has decoded so far, and how many of them came through an alias."""

    __slots__ = ("alias_depth", "aliases", "decodes")

    def __init__(self) -> None:
        self.decodes = 0
        self.aliases = 0
        self.alias_depth = 0

    def excessive(self) -> bool:
        return (self.aliases > 100 and self.decodes > 1000
                and self.aliases > self.decodes * allowed_alias_ratio(self.decodes))


class _Builder:
    """Walks one node graph, building the plain tree, the source map and the reset paths."""

    def __init__(self, file: str, budget: _Budget | None = None) -> None:
        self.file = file
        self.budget = budget or _Budget()
        self.locations: dict[KeyPath, Location] = {}
        self.resets: set[KeyPath] = set()
        self.placed: dict[int, list[KeyPath]] = {}
        """Where each collection node was written out (an alias places it again)."""
        self.placed_text: dict[int, dict[str, int]] = {}
        """The same places as dotted paths (with their order), made when a node is first aliased."""

    def document(self, node: Node) -> Document:
        data = self.value(node, ())
        return Document(self.file, data, SourceMap(self.locations), frozenset(self.resets))

    def loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1)

    def value(self, node: Node, path: KeyPath) -> Any:
        budget = self.budget
        budget.decodes += 1
        if budget.alias_depth:
            budget.aliases += 1
            if budget.excessive():
                raise YamlSyntaxError("document contains excessive aliasing", location=self.loc(node),
                                      path=format_path(path))
        if isinstance(node, ScalarNode):
            return scalar_value(node, self, path)
        if len(path) >= MAX_DEPTH:
            raise YamlSyntaxError(f"collections nested more than {MAX_DEPTH} levels deep",
                                  location=self.loc(node), path=format_path(path))
        places = self.placed.get(id(node))
        if places is None:
            self.placed[id(node)] = [path]
            return self.collection(node, path)
        self._check_alias_cycle(node, path, places)
        budget.alias_depth += 1
        try:
            return self.collection(node, path)
        finally:
            budget.alias_depth -= 1

    def collection(self, node: Node, path: KeyPath) -> Any:
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        return [self.item(child, (*path, i)) for i, child in enumerate(node.value)]

    def _check_alias_cycle(self, node: Node, path: KeyPath, places: list[KeyPath]) -> None:
        """An alias inside the node it refers to (v2 compares dotted paths, so ``a.b`` counts as inside ``a``).

        The earlier places are kept as a set of dotted paths, and only the prefixes of this one that end
        before a ``.`` or ``[`` are looked up: a node aliased n times costs n lookups, not n squared."""
        here = format_path(path)
        earlier = self.placed_text.get(id(node))
        if earlier is None:
            earlier = self.placed_text[id(node)] = {}
            for place in places:
                earlier.setdefault(format_path(place), len(earlier))
        inside = [earlier[here[:i]] for i, ch in enumerate(here) if ch in ".[" and here[:i] in earlier]
        if inside:
            first = min(inside)
            outer = next(text for text, order in earlier.items() if order == first)
            raise YamlSyntaxError(f"cycle detected: node at path {here} references node at path {outer}",
                                  location=self.loc(node), path=here)
        places.append(path)
        earlier.setdefault(here, len(earlier))

    def item(self, node: Node, path: KeyPath) -> Any:
        self.locations.setdefault(path, self.loc(node))
        return self.value(node, path)

    def mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            self.budget.decodes += 1
            key = self.key(key_node, path)
            key_loc = self.loc(key_node)
            if key in seen:
                raise DuplicateKeyError(
                    f"mapping key {key!r} already defined at {seen[key]}",
                    location=key_loc,
                    path=format_path((*path, key)),
                )
            seen[key] = key_loc
            if key == _MERGE_KEY and isinstance(key_node, ScalarNode) and key_node.tag == PLAIN_TAG:
                merges.append(value_node)
                continue
            child = (*path, key)
            self.locations[child] = key_loc
            if value_node.tag == RESET_TAG:
                self.resets.add(child)
                continue
            if value_node.tag == OVERRIDE_TAG:
                self.resets.add(child)
            out[key] = self.value(value_node, child)
        for merged in merges:
            self.merge_into(out, merged, path)
        return out

    def merge_into(self, out: dict[str, Any], node: Node, path: KeyPath) -> None:
        """``<<: *a`` or ``<<: [*a, *b]``: entries not set yet are copied, the first source wins."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise YamlSyntaxError(
                    "a merge key (<<) must refer to a mapping or a list of mappings",
                    location=self.loc(source),
                    path=format_path(path),
                )
            sub = _Builder(self.file, self.budget)
            self.budget.alias_depth += 1
            try:
                merged = sub.mapping(source, path)
            finally:
                self.budget.alias_depth -= 1
            for key, value in merged.items():
                if key in out:
                    continue
                out[key] = value
                prefix = (*path, key)
                n = len(prefix)
                for p, loc in sub.locations.items():
                    if p[:n] == prefix:
                        self.locations.setdefault(p, loc)

    def key(self, node: Node, path: KeyPath) -> str:
        if isinstance(node, ScalarNode):
            value = scalar_value(node, self, path)
            if isinstance(value, str):
                return value
            shown = "<nil>" if value is None else _go_scalar_text(value)
        else:
            shown = "a " + ("mapping" if isinstance(node, MappingNode) else "sequence")
        where = format_path(path) or "the top level"
        raise YamlSyntaxError(f"non-string key in {where}: {shown}", location=self.loc(node),
                              path=format_path(path))


# --- scalars -----------------------------------------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DIGITS = {2: re.compile(r"[01]+"), 8: re.compile(r"[0-7]+"), 10: re.compile(r"[0-9]+"),
           16: re.compile(r"[0-9a-fA-F]+")}
_INT64 = 1 << 63
_UINT64 = 1 << 64


def scalar_value(node: ScalarNode, builder: _Builder, path: KeyPath) -> Any:
    """The typed value of a scalar node: quoted and block scalars are strings, plain ones are resolved."""
    text: str = node.value
    tag = node.tag
    if tag == PLAIN_TAG:
        return resolve_plain(text)
    if tag == _STR_TAG or tag == "!":
        return text
    if tag in (RESET_TAG, OVERRIDE_TAG):
        return text if node.style else resolve_plain(text)
    return _explicit(tag, text, builder.loc(node), path)


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar typed like go-yaml v3 does for an untyped target."""
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if not text or text[0] not in "+-.0123456789":
        return text
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if len(text) >= 8 and text[4:5] == "-" and text[:4].isdigit():
        stamp = timestamp(text)
        if stamp is not None:
            return stamp
    plain = text.replace("_", "")
    number = go_parse_int(plain)
    if number is not None:
        return number
    if _FLOAT.fullmatch(plain):
        return float(plain)
    return text


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?))?"
)


def timestamp(text: str) -> Timestamp | None:
    """go-yaml's timestamp forms: ``2006-1-2``, ``2006-1-2T15:4:5.9Z07:00`` (or ``t``), ``2006-1-2 15:4:5.9``."""
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.group(1, 2, 3))
    if m.group(4) is not None:
        clock, fraction, zone = m.group(4, 5, 6), m.group(7), m.group(8)
    elif m.group(9) is not None:
        clock, fraction, zone = m.group(9, 10, 11), m.group(12), "Z"
    else:
        clock, fraction, zone = ("0", "0", "0"), None, "Z"
    hour, minute, second = (int(g) for g in clock)
    try:
        import datetime

        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    frac = (fraction or "").rstrip("0")
    frac = "" if frac == "." else frac
    zone = "Z" if zone in ("Z", "+00:00", "-00:00") else zone
    return Timestamp(text, f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{frac}{zone}")


def go_parse_int(text: str) -> int | None:
    """Go's ``ParseInt(s, 0, 64)`` then ``ParseUint(s, 0, 64)``: base prefixes, leading-0 octal."""
    sign = 1
    body = text
    if body[:1] in ("+", "-"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body:
        return None
    prefix = body[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base = {"0x": 16, "0o": 8, "0b": 2}[prefix]
        digits = body[2:]
    elif body[0] == "0" and len(body) > 1:
        base, digits = 8, body[1:]
    else:
        base, digits = 10, body
    if not _DIGITS[base].fullmatch(digits):
        return None
    value = sign * int(digits, base)
    if -_INT64 <= value < _INT64:
        return value
    if text[0] not in "+-" and 0 <= value < _UINT64:
        return value
    return None


def _explicit(tag: str, text: str, loc: Location, path: KeyPath) -> Any:
    """Scalars with an explicit ``!!type`` tag."""
    name = tag.rsplit(":", 1)[-1]
    if name == "null":
        return None
    if name == "bool":
        low = text.lower()
        if low in ("true", "false"):
            return low == "true"
    elif name == "int":
        number = go_parse_int(text.replace("_", ""))
        if number is not None:
            return number
    elif name == "float":
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        if _FLOAT.fullmatch(text.replace("_", "")):
            return float(text.replace("_", ""))
    elif name in ("str", "binary", "timestamp"):
        return text
    else:
        return text  # an application tag we do not know: keep the text
    raise YamlSyntaxError(f"cannot decode {text!r} as !!{name}", location=loc, path=format_path(path))


def _go_scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
