"""``COMPOSE_CHECKS``: the loader's ``Checks`` (compose.load.checks), as Docker Compose v2 checks a project.

- ``document``: one interpolated YAML document against our JSON schema
  (``schema.validate_document``);
- ``project``: the cross-references of the merged project (``consistency.check_consistency``)
  and networks named ``x-...``. Dependency cycles are the graph's
  (``compose.graph.loading``), found on the model once these pass.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from compose.errors import Issue
from compose.load.checks import Checks
from compose.load.sourcemap import SourceMap, format_path


class ComposeChecks:
    """Schema per document, consistency per project."""

    def document(self, data: Mapping[str, Any], sources: SourceMap) -> list[Issue]:
        from compose.validate.schema import validate_document

        return validate_document(data, sources)

    def project(self, data: Mapping[str, Any], sources: SourceMap, disabled: Collection[str]) -> list[Issue]:
        from compose.validate.consistency import check_consistency

        return check_consistency(data, sources, disabled=tuple(disabled)) + extension_named_networks(data, sources)


COMPOSE_CHECKS: Checks = ComposeChecks()


def extension_named_networks(data: Mapping[str, Any], sources: SourceMap) -> list[Issue]:
    """A service network named ``x-...``: v2 reads that key as an extension, and rejects the project."""
    issues = []
    for name, service in (data.get("services") or {}).items():
        networks = service.get("networks") if isinstance(service, Mapping) else None
        for net in networks or ():
            if isinstance(net, str) and net.startswith("x-"):
                path = ("services", name, "networks", net)
                issues.append(Issue(sources.locate(path), format_path(path),
                                    f"a network name starting with 'x-' is read as an extension by Docker "
                                    f"Compose, so service {name!r} cannot use network {net!r}"))
    return issues
