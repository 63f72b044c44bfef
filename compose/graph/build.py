"""Building the ``DependencyGraph``: from the model, or from bare service dependencies.

- ``build_graph(project)``: a node per service, network and volume; service edges from
  ``compose.model.deps.service_dependencies`` (``depends_on`` with its condition,
  ``required`` and ``restart``, ``links``, ``volumes_from``, ``network_mode``/``ipc``/``pid``
  ``service:x``: the one definition of a service dependency), and an edge from each
  service to every network it joins and named volume it mounts (kinds ``network``,
  ``volume``). A dependency on a service that is not in the project (deselected with
  ``--no-deps``, or ``required: false`` on a disabled one) adds no edge: it is listed in
  ``missing``.
- ``graph_of_dependencies(deps)``: services only, from ``Dependency`` records (a project
  known only by its containers' ``com.docker.compose.depends_on`` labels).

Building never checks for cycles nor edits the model; ``DependencyGraph.cycle`` and the
orders do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from compose.graph.structure import NETWORK, SERVICE, VOLUME, DependencyGraph, Edge, Missing, node_id
from compose.model.deps import Dependency, service_dependencies
from compose.model.project import Project
from compose.model.service import Service

__all__ = ["build_graph", "graph_of_dependencies", "network_node", "service_node", "volume_node"]


def service_node(name: str) -> str:
    return node_id(SERVICE, name)


def network_node(key: str) -> str:
    return node_id(NETWORK, key)


def volume_node(key: str) -> str:
    return node_id(VOLUME, key)


def build_graph(project: Project, *, include_disabled: bool = False) -> DependencyGraph:
    """Every service (``include_disabled``: the disabled ones too), network and volume of ``project``."""
    services: Mapping[str, Service] = {**project.disabled, **project.services} if include_disabled else project.services
    nodes = [network_node(k) for k in project.networks] + [volume_node(k) for k in project.volumes]
    nodes += [service_node(name) for name in services]
    edges: list[Edge] = []
    missing: list[Missing] = []
    for name, service in services.items():
        edges += _service_edges(name, service_dependencies(service), services, missing)
        source = service_node(name)
        for key in service.networks:
            if key in project.networks:
                edges.append(Edge(source, network_node(key), (NETWORK,)))
        seen: set[str] = set()
        for volume in service.volumes:
            key = str(volume.source)
            if volume.is_named_volume and key in project.volumes and key not in seen:
                seen.add(key)
                edges.append(Edge(source, volume_node(key), (VOLUME,)))
    return DependencyGraph(nodes, edges, missing)


def graph_of_dependencies(deps: Mapping[str, Iterable[Dependency]]) -> DependencyGraph:
    """Services only: ``service -> its Dependency records`` (targets not among the keys are ``missing``)."""
    missing: list[Missing] = []
    edges = [e for name, found in deps.items() for e in _service_edges(name, found, deps, missing)]
    return DependencyGraph([service_node(name) for name in deps], edges, missing)


def _service_edges(name: str, deps: Iterable[Dependency], known: Mapping[str, object],
                   missing: list[Missing]) -> list[Edge]:
    out = []
    for dep in deps:
        if dep.target not in known:
            missing.append(Missing(name, dep.target, dep.required))
            continue
        out.append(Edge(service_node(name), service_node(dep.target), dep.kinds, dep.condition, dep.required,
                        dep.restart))
    return out
