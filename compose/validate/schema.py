"""Schema validation of one compose document.

``validate_document(data, sources)`` checks one file's plain tree, after
interpolation and before merge, against pycompose's own JSON Schema
(``schemas/compose.schema.json``, shipped in the wheel as ``compose/_schemas``)
and returns every problem as an ``Issue``: the file:line:col from ``sources``,
the dotted key path, and what was expected in plain words.

Most documents are valid, so a compiled yes/no check (fastcheck.py) answers
first; jsonschema (~150 ms to import on a slow machine, ~100 ms to walk a
200-service file) runs only on an invalid document, to explain every problem.
Both are compiled once per process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compose.errors import Issue
from compose.load.sourcemap import KeyPath, SourceMap, format_path
from compose.validate.explain import Finding, explain
from compose.validate.fastcheck import Check, compile_schema

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_FILE = "compose.schema.json"
_REPO_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def read_schema_text(name: str = SCHEMA_FILE) -> str:
    """The text of a schema file: the wheel's ``compose/_schemas`` first, then the repo's ``schemas/``."""
    from importlib import resources  # ~25 ms of imports, only paid when a schema is read

    try:
        return (resources.files("compose") / "_schemas" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return (_REPO_SCHEMAS / name).read_text(encoding="utf-8")


@functools.cache
def compose_schema() -> Mapping[str, Any]:
    """The compose file schema, parsed once."""
    schema: dict[str, Any] = json.loads(read_schema_text())
    return schema


@functools.cache
def _fast_check() -> Check:
    return compile_schema(compose_schema())


@functools.cache
def _validator() -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(dict(compose_schema()))


def validate_document(data: Any, sources: SourceMap) -> list[Issue]:
    """Every schema problem of one compose document, located with ``sources``; empty when valid."""
    try:
        if _fast_check()(data):
            return []
        findings = [f for err in _validator().iter_errors(data) for f in explain(err)]
    except TypeError:
        # jsonschema matches key patterns with re.search, which fails on a non-string key.
        findings = list(_non_string_keys(data, ()))
    return _issues(findings, sources)


def _issues(findings: Iterable[Finding], sources: SourceMap) -> list[Issue]:
    seen: set[tuple[KeyPath, str]] = set()
    issues: list[Issue] = []
    for path, message in findings:
        if (path, message) in seen:
            continue
        seen.add((path, message))
        issues.append(Issue(sources.locate(path), format_path(path), message))
    issues.sort(key=_order)
    return issues


def _order(issue: Issue) -> tuple[int, int, str]:
    loc = issue.location
    return (loc.line, loc.col, issue.path) if loc else (0, 0, issue.path)


def _non_string_keys(data: Any, path: KeyPath) -> Iterator[Finding]:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if not isinstance(key, str):
                yield path, f"keys must be strings, found {key!r}"
            else:
                yield from _non_string_keys(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _non_string_keys(item, (*path, index))
