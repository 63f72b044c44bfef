"""``Checks``: what the loader asks of validation, passed in explicitly (``load_project(..., checks=)``).

The loader sits below ``compose.validate`` and never imports it: the caller hands it an
object with these two methods (``compose.validate.checks.COMPOSE_CHECKS`` implements them),
or ``NO_CHECKS``. Each returns the issues found; the loader raises them together as one
``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Protocol

from compose.errors import Issue
from compose.load.sourcemap import SourceMap


class Checks(Protocol):
    """The checks the pipeline runs: one file's document (phase 6.3), the merged project (phase 10)."""

    def document(self, data: Mapping[str, Any], sources: SourceMap) -> list[Issue]:
        """One interpolated YAML document, before canonical forms: the schema."""
        ...

    def project(self, data: Mapping[str, Any], sources: SourceMap, disabled: Collection[str]) -> list[Issue]:
        """The normalised project after profiles (``disabled``: services turned off): cross-references."""
        ...


class _NoChecks:
    """Accepts everything (tests of the loader alone, tools that only want the merged document)."""

    def document(self, data: Mapping[str, Any], sources: SourceMap) -> list[Issue]:
        return []

    def project(self, data: Mapping[str, Any], sources: SourceMap, disabled: Collection[str]) -> list[Issue]:
        return []


NO_CHECKS: Checks = _NoChecks()
