"""jsonschema errors -> findings in plain words, with the ``anyOf`` noise reduced.

A finding is ``(key path, message)``. Messages say what was expected and what
was found: ``must be a string, not the number 3``, ``unknown key 'imagee'
(did you mean 'image'?)``. An ``anyOf`` error is reduced to the most specific
cause: the alternatives whose type fits the value are kept, the one whose
errors go deepest wins, and its errors are explained in turn; when no
alternative fits, the schema's ``x-expect`` words say what would have.

jsonschema is only ever handed to this module as error objects, so importing
it here is not needed (the errors are duck-typed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from compose.load.sourcemap import KeyPath

Finding = tuple[KeyPath, str]

_TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "a boolean",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


class SchemaError(Protocol):
    """The parts of ``jsonschema.exceptions.ValidationError`` this module reads."""

    validator: Any
    validator_value: Any
    instance: Any
    schema: Any

    @property
    def absolute_path(self) -> Sequence[str | int]: ...

    @property
    def relative_path(self) -> Sequence[str | int]: ...

    @property
    def relative_schema_path(self) -> Sequence[str | int]: ...

    @property
    def context(self) -> Sequence[SchemaError] | None: ...

    @property
    def message(self) -> str: ...


def explain(error: SchemaError) -> list[Finding]:
    """The findings one jsonschema error stands for (usually one; an unknown-keys error gives one per key)."""
    keyword = str(error.validator)
    if keyword in ("anyOf", "oneOf"):
        return _alternatives(error)
    path: KeyPath = tuple(error.absolute_path)
    if keyword == "additionalProperties":
        return list(_unknown_keys(error, path))
    if keyword == "required":
        return [(path, f"missing required key {name!r}") for name in _missing(error)]
    if keyword == "uniqueItems":
        return list(_duplicates(error, path))
    return [(path, _message(error))]


def _message(error: SchemaError) -> str:
    keyword, value, found = error.validator, error.validator_value, describe(error.instance)
    expected = _expect(error.schema)
    if keyword == "type":
        return f"must be {expected or type_words(value)}, not {found}"
    if keyword == "enum":
        return f"must be one of: {', '.join(_quote(v) for v in value)}; not {found}"
    if keyword == "const":
        return f"must be {_quote(value)}, not {found}"
    if keyword == "pattern":
        return f"must be {expected or 'a string matching ' + repr(value)}, not {found}"
    if keyword == "minimum":
        return f"must be at least {value}, not {found}"
    if keyword == "maximum":
        return f"must be at most {value}, not {found}"
    return str(error.message)


def _alternatives(error: SchemaError) -> list[Finding]:
    path: KeyPath = tuple(error.absolute_path)
    branches: dict[int, list[SchemaError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fitting = [errs for errs in branches.values() if not any(_wrong_type(e) for e in errs)]
    expected = _expect(error.schema)
    if not fitting:
        return [(path, f"must be {expected or 'one of the allowed forms'}, not {describe(error.instance)}")]
    best = max(fitting, key=lambda errs: (max(len(e.relative_path) for e in errs), -len(errs)))
    if expected and all(not e.relative_path for e in best):
        # The value has a fitting type but not the form: the schema's words say it best.
        return [(path, f"must be {expected}, not {describe(error.instance)}")]
    return [finding for sub in best for finding in explain(sub)]


def _wrong_type(error: SchemaError) -> bool:
    return error.validator == "type" and not error.relative_path


def _unknown_keys(error: SchemaError, path: KeyPath) -> Iterator[Finding]:
    schema, instance = error.schema, error.instance
    known: Mapping[str, Any] = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    names = schema.get("x-names")
    for key in instance:
        if key in known or any(p.search(key) for p in patterns):
            continue
        if names:
            message = f"invalid {names} name {key!r}: use only letters, digits, '.', '_' and '-'"
        elif key == "":
            message = "an empty key is not allowed"
        elif key.startswith("x-"):
            message = f"unknown key {key!r} (extension keys are not allowed here)"
        else:
            message = f"unknown key {key!r}{_did_you_mean(key, known)}"
        yield (*path, key), message


def _did_you_mean(key: str, known: Mapping[str, Any]) -> str:
    import difflib  # only when a key is unknown

    by_lower = {k.lower(): k for k in known}
    if key.lower() in by_lower:
        return f" (did you mean {by_lower[key.lower()]!r}?)"
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _missing(error: SchemaError) -> list[str]:
    instance = error.instance
    return [name for name in error.validator_value if name not in instance]


def _duplicates(error: SchemaError, path: KeyPath) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in enumerate(error.instance):
        key = json.dumps(item, sort_keys=True, default=str)
        if key in first:
            yield (*path, index), f"duplicate item {_quote(item)} (same as item {first[key]})"
        else:
            first[key] = index


def _expect(schema: Any) -> str | None:
    if isinstance(schema, Mapping):
        words = schema.get("x-expect")
        return str(words) if words else None
    return None


def type_words(types: str | Sequence[str]) -> str:
    """``["boolean", "string"]`` -> ``a boolean or a string``."""
    names = [types] if isinstance(types, str) else list(types)
    words = [_TYPE_WORDS.get(n, n) for n in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe(value: Any) -> str:
    """A value in words, for 'must be X, not <value>'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "the boolean " + ("true" if value else "false")
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _quote(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    return json.dumps(value, default=str)
