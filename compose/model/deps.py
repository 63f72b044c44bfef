"""Service-to-service dependencies: the single definition of what an edge is, and the closure walk.

A service depends on another through ``depends_on`` (with its condition,
``required`` and ``restart``), ``links``, ``volumes_from``, and
``network_mode``/``ipc``/``pid`` of the form ``service:<name>``. The graph
package (compose/graph/build.py) builds its service edges from
``service_dependencies`` and selects services with ``closure``; nothing
else decides what depends on what.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

from compose.model._record import record
from compose.model.parts import SERVICE_STARTED
from compose.model.service import Service

# Edge kinds, in the order a service's dependencies are listed.
DEPENDS_ON = "depends_on"
LINK = "link"
VOLUMES_FROM = "volumes_from"
NETWORK_MODE = "network_mode"
IPC = "ipc"
PID = "pid"


@record
class Dependency:
    """``service`` needs ``target``; implicit kinds behave like ``service_started``, required."""

    service: str
    target: str
    kinds: tuple[str, ...]
    condition: str = SERVICE_STARTED
    required: bool = True
    restart: bool = False


def service_dependencies(service: Service) -> tuple[Dependency, ...]:
    """Every service ``service`` depends on, one ``Dependency`` per target (kinds merged)."""
    kinds: dict[str, list[str]] = {}

    def add(target: str | None, kind: str) -> None:
        if target:
            kinds.setdefault(target, [])
            if kind not in kinds[target]:
                kinds[target].append(kind)

    for target in service.depends_on:
        add(target, DEPENDS_ON)
    for target in service.link_services:
        add(target, LINK)
    for target in service.volumes_from_services:
        add(target, VOLUMES_FROM)
    add(service.network_mode_service, NETWORK_MODE)
    add(service.ipc_service, IPC)
    add(service.pid_service, PID)

    out = []
    for target, found in kinds.items():
        spec = service.depends_on.get(target)
        if spec is not None:
            out.append(Dependency(service.name, target, tuple(found), spec.condition, spec.required, spec.restart))
        else:
            out.append(Dependency(service.name, target, tuple(found)))
    return tuple(out)


def dependency_map(services: Mapping[str, Service]) -> dict[str, tuple[str, ...]]:
    """``service -> the services it depends on``, for every service (targets may be unknown names)."""
    return {name: tuple(d.target for d in service_dependencies(svc)) for name, svc in services.items()}


def closure(
    edges: Mapping[str, Iterable[str]], roots: Iterable[str], *, reverse: bool = False
) -> tuple[str, ...]:
    """``roots`` and everything reachable from them along ``edges`` (or against them if ``reverse``).

    ``edges`` maps a node to its dependencies. The result keeps discovery order
    (breadth first, roots first) and skips names that are not nodes of ``edges``.
    """
    if reverse:
        flipped: dict[str, list[str]] = {node: [] for node in edges}
        for node, deps in edges.items():
            for dep in deps:
                flipped.setdefault(dep, []).append(node)
        edges = flipped
    seen: dict[str, None] = {}
    queue = deque(r for r in roots if r in edges)
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen[node] = None
        queue.extend(d for d in edges.get(node, ()) if d in edges and d not in seen)
    return tuple(seen)
