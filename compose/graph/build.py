"""The dependency graph of a project, as a networkx ``DiGraph`` (networkx is imported lazily).

Nodes are ``"service:<name>"``, ``"network:<key>"`` and ``"volume:<key>"``, each
with ``kind`` (``service``/``network``/``volume``) and ``name`` attributes. An
edge ``a -> b`` means *a needs b*: b must exist (and, for services, be started
or healthy or completed, per ``condition``) before a starts, and a must go
before b is removed.

Edge attributes:

``kinds``
    why the edge exists: any of ``depends_on``, ``link``, ``volumes_from``,
    ``network_mode``, ``ipc``, ``pid`` (service edges, from
    ``compose.model.deps.service_dependencies``, the one definition of a service
    dependency), ``network`` or ``volume`` (resource edges).
``condition``, ``required``, ``restart``
    of the ``depends_on`` entry (implicit service edges: ``service_started``,
    required, no restart; resource edges: ``service_started``, required).

A dependency on a service that is not in the project (deselected with
``--no-deps``, or ``required: false`` on a disabled one) adds no edge; it is
listed in ``graph.graph["missing"]`` as ``(service, target, required)``.

The graph is built once, never mutates the model, and is checked for cycles
(``CycleError`` with the path) before it is returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compose.model.deps import service_dependencies
from compose.model.parts import SERVICE_STARTED
from compose.model.project import Project

if TYPE_CHECKING:
    import networkx as nx

SERVICE = "service"
NETWORK = "network"
VOLUME = "volume"


def service_node(name: str) -> str:
    return f"{SERVICE}:{name}"


def network_node(key: str) -> str:
    return f"{NETWORK}:{key}"


def volume_node(key: str) -> str:
    return f"{VOLUME}:{key}"


def parse_node(node: str) -> tuple[str, str]:
    """``"service:web"`` -> ``("service", "web")``."""
    kind, _, name = node.partition(":")
    return kind, name


def build_graph(project: Project) -> nx.DiGraph[str]:
    """Every service, network and volume of ``project`` and every edge between them."""
    import networkx as nx

    from compose.graph.order import check_acyclic

    graph: nx.DiGraph[str] = nx.DiGraph()
    missing: list[tuple[str, str, bool]] = []
    graph.graph["missing"] = missing
    for key in project.networks:
        graph.add_node(network_node(key), kind=NETWORK, name=key)
    for key in project.volumes:
        graph.add_node(volume_node(key), kind=VOLUME, name=key)
    for name in project.services:
        graph.add_node(service_node(name), kind=SERVICE, name=name)
    for name, service in project.services.items():
        node = service_node(name)
        for dep in service_dependencies(service):
            if dep.target not in project.services:
                missing.append((name, dep.target, dep.required))
                continue
            graph.add_edge(
                node,
                service_node(dep.target),
                kinds=dep.kinds,
                condition=dep.condition,
                required=dep.required,
                restart=dep.restart,
            )
        for key in service.networks:
            if key in project.networks:
                graph.add_edge(node, network_node(key), **_resource_edge(NETWORK))
        for volume in service.volumes:
            if volume.is_named_volume and volume.source in project.volumes:
                graph.add_edge(node, volume_node(str(volume.source)), **_resource_edge(VOLUME))
    check_acyclic(graph)
    return graph


def _resource_edge(kind: str) -> dict[str, Any]:
    return {"kinds": (kind,), "condition": SERVICE_STARTED, "required": True, "restart": False}
