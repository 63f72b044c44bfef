"""Cross-reference checks of a merged, canonical project (PLACEHOLDER: the validation helper replaces this file).

Contract: ``check_consistency(data, sources)`` takes the canonical project dict
(Docker Compose v2's `config` JSON shape) and returns every problem as an ``Issue``:
undefined networks/volumes/secrets/configs, depends_on on unknown services,
container_name with replicas > 1, dependency cycles (compose.graph.cycles.find_cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose.errors import Issue
from compose.load.sourcemap import SourceMap


def check_consistency(data: Mapping[str, Any], sources: SourceMap) -> list[Issue]:
    return []
