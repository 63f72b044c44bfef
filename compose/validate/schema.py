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
_PACKAGE_SCHEMAS = Path(__file__).resolve().parents[1] / "_schemas"  # the wheel's compose/_schemas
_REPO_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"  # an editable install's source tree


def read_schema_text(name: str = SCHEMA_FILE) -> str:
    """The text of a schema file: the wheel's ``compose/_schemas``, else the repo's ``schemas/``.

    An installed wheel has the file next to the package, where importlib.resources would find
    it; reading it directly saves that module's ~25 ms of imports. importlib.resources is
    still asked when the package is not on a filesystem (a zip import).
    """
    for folder in (_PACKAGE_SCHEMAS, _REPO_SCHEMAS):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    from importlib import resources

    return (resources.files("compose") / "_schemas" / name).read_text(encoding="utf-8")


@functools.cache
def compose_schema() -> Mapping[str, Any]:
    """The compose file schema, parsed once."""
    schema: dict[str, Any] = json.loads(read_schema_text())
    return schema


@functools.cache
def _fast_check(definition: str | None = None) -> Check:
    """The yes/no check of the whole document, or of one of the schema's ``$defs``."""
    return compile_schema(_schema_for(definition))


@functools.cache
def _validator(definition: str | None = None) -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema_for(definition))


def _schema_for(definition: str | None) -> dict[str, Any]:
    root = dict(compose_schema())
    if definition is None:
        return root
    return {"$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}


def validate_document(data: Any, sources: SourceMap) -> list[Issue]:
    """Every schema problem of one compose document, located with ``sources``; empty when valid."""
    try:
        if _fast_check()(data):
            return []
        findings = list(_explain_document(data))
    except TypeError:
        # Key patterns are matched with re.search, which fails on a non-string key.
        findings = list(_non_string_keys(data, ()))
    return _issues(findings, sources)


def _explain_document(data: Any) -> Iterator[Finding]:
    """jsonschema's errors, explained; services are checked one by one and only when invalid.

    jsonschema walks a 200-service file in a few hundred ms (seconds on a busy machine), so
    the document is split: the top level with each service mapping emptied, then each
    service the fast check rejects, on its own.
    """
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        yield from _explain(data, None, ())
        return
    hollow = {name: {} if isinstance(svc, dict) else svc for name, svc in services.items()}
    yield from _explain({**data, "services": hollow}, None, ())
    check = _fast_check("service")
    for name, service in services.items():
        if isinstance(service, dict) and not check(service):
            yield from _explain(service, "service", ("services", name))


def _explain(data: Any, definition: str | None, prefix: KeyPath) -> Iterator[Finding]:
    for error in _validator(definition).iter_errors(data):
        for path, message in explain(error):
            yield (*prefix, *path), message


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
