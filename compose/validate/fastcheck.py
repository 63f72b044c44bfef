"""A fast yes/no check of a document against the compose schema.

jsonschema takes over 100 ms to walk a 200-service file on a slow machine (and
150 ms more to import), while most files are valid. So the schema is also
compiled here into plain closures that only answer "valid or not", for the
keywords our schema uses: ``type``, ``properties``, ``patternProperties``,
``additionalProperties``, ``items``, ``required``, ``enum``, ``const``,
``anyOf``, ``uniqueItems``, ``minimum``, ``maximum``, ``pattern`` and local
``$ref``. jsonschema runs only when this says "invalid", to explain why. The
semantics follow jsonschema's Draft 2020-12 ones (an integral float is an
integer, a boolean is not a number, ``true`` and ``1`` are distinct items);
tests/unit/validate check that both agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "x-expect", "x-names"})
_SUPPORTED = _ANNOTATIONS | {
    "$ref", "type", "properties", "patternProperties", "additionalProperties", "items", "required",
    "enum", "const", "anyOf", "uniqueItems", "minimum", "maximum", "pattern",
}  # fmt: skip


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


# Python classes per schema type; booleans (a kind of int) and integral floats are handled in _type.
_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


def _compiling(_: Any) -> bool:
    raise AssertionError("a schema reference was used while it was being compiled")


def _always(_: Any) -> bool:
    return True


def _never(_: Any) -> bool:
    return False


def compile_schema(root: Mapping[str, Any]) -> Check:
    """A function telling whether a value is valid against ``root`` (a schema using the keywords above)."""
    return _Compiler(root).compile(root)


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self._root = root
        self._refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise ValueError(f"fastcheck does not support schema keywords {sorted(unknown)}")
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        if "type" in schema:
            checks.append(_type(schema["type"]))
        if "enum" in schema:
            checks.append(_enum(schema["enum"]))
        if "const" in schema:
            checks.append(_enum([schema["const"]]))
        if "pattern" in schema:
            checks.append(_pattern(schema["pattern"]))
        if "minimum" in schema or "maximum" in schema:
            checks.append(_bounds(schema.get("minimum"), schema.get("maximum")))
        if "anyOf" in schema:
            checks.append(_any_of([self.compile(s) for s in schema["anyOf"]]))
        if {"properties", "patternProperties", "additionalProperties", "required"} & set(schema):
            checks.append(self._object(schema))
        if "items" in schema or schema.get("uniqueItems"):
            checks.append(self._array(schema))
        return _all_of(checks)

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/"):
            raise ValueError(f"fastcheck only follows local references, not {ref!r}")
        refs = self._refs
        if ref in refs:
            done = refs[ref]
            # A reference met again while its target compiles (a recursive schema) is looked up late.
            return (lambda x: refs[ref](x)) if done is _compiling else done
        refs[ref] = _compiling
        target: Any = self._root
        for part in ref[2:].split("/"):
            target = target[part]
        refs[ref] = self.compile(target)
        return refs[ref]

    def _object(self, schema: Mapping[str, Any]) -> Check:
        props = {k: self.compile(v) for k, v in schema.get("properties", {}).items()}
        patterns = [
            (_key_matcher(p), self.compile(s)) for p, s in schema.get("patternProperties", {}).items()
        ]
        extra = self.compile(schema.get("additionalProperties", True))
        required = tuple(schema.get("required", ()))

        def check(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for name in required:
                if name not in x:
                    return False
            for key, value in x.items():
                if not isinstance(key, str):
                    raise TypeError(f"schema keys are strings, found {key!r}")
                matched = False
                prop = props.get(key)
                if prop is not None:
                    matched = True
                    if not prop(value):
                        return False
                for matches, sub in patterns:
                    if matches(key):
                        matched = True
                        if not sub(value):
                            return False
                if not matched and not extra(value):
                    return False
            return True

        return check

    def _array(self, schema: Mapping[str, Any]) -> Check:
        item = self.compile(schema.get("items", True))
        unique = bool(schema.get("uniqueItems"))

        def check(x: Any) -> bool:
            if not isinstance(x, list):
                return True
            for value in x:
                if not item(value):
                    return False
            return not unique or _all_distinct(x)

        return check


def _type(types: str | Sequence[str]) -> Check:
    names = {types} if isinstance(types, str) else set(types)
    unknown = names - set(_CLASSES)
    if unknown:
        raise ValueError(f"unknown schema types {sorted(unknown)}")
    classes = tuple(cls for n in names for cls in _CLASSES[n])
    allow_bool = "boolean" in names
    integral_float = "integer" in names and "number" not in names

    def check(x: Any) -> bool:
        if isinstance(x, bool):
            return allow_bool
        if isinstance(x, classes):
            return True
        return integral_float and isinstance(x, float) and x.is_integer()

    return check


def _key_matcher(pattern: str) -> Callable[[str], bool]:
    """``re.search(pattern, key)``, with a quicker test for the common ``^x-`` and ``.+``."""
    if pattern == ".+":
        return lambda key: key.strip("\n") != ""
    literal = pattern[1:]
    if pattern.startswith("^") and not set(literal) & set(".^$*+?{}[]\\|()"):
        return lambda key: key.startswith(literal)
    regex = re.compile(pattern)
    return lambda key: regex.search(key) is not None


def _enum(values: Sequence[Any]) -> Check:
    keys = {_key(v) for v in values}
    return lambda x: _key(x) in keys


def _pattern(pattern: str) -> Check:
    regex = re.compile(pattern)
    return lambda x: not isinstance(x, str) or regex.search(x) is not None


def _bounds(low: float | None, high: float | None) -> Check:
    def check(x: Any) -> bool:
        if not _is_number(x):
            return True
        return (low is None or x >= low) and (high is None or x <= high)

    return check


def _any_of(subs: list[Check]) -> Check:
    return lambda x: any(s(x) for s in subs)


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(x: Any) -> bool:
        for c in checks:  # noqa: SIM110 - a plain loop is quicker than all() over a generator
            if not c(x):
                return False
        return True

    return check


def _all_distinct(items: list[Any]) -> bool:
    seen = set()
    for item in items:
        key = _key(item)
        if key in seen:
            return False
        seen.add(key)
    return True


def _key(value: Any) -> str:
    """A comparison key with jsonschema's equality: 1 == 1.0, but true != 1."""
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "j" + json.dumps(value, sort_keys=True, default=str)
