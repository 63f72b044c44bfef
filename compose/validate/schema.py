"""Schema validation of one compose document (PLACEHOLDER: the validation helper replaces this file).

Contract: ``validate_document(data, sources)`` takes one file's plain tree after
interpolation (before merge) and returns every problem as an ``Issue`` with the
file:line:col from ``sources``, the key path, and what was expected in plain words.
"""

from __future__ import annotations

from typing import Any

from compose.errors import Issue
from compose.load.sourcemap import SourceMap


def validate_document(data: Any, sources: SourceMap) -> list[Issue]:
    return []
