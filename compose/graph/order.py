"""Reading the dependency graph: cycles, start and teardown order, selection, dependents.

Every function takes the graph built by ``compose.graph.build.build_graph`` and
never changes it. Orders are deterministic: within one generation, nodes are
sorted by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from compose.errors import CycleError
from compose.graph.build import SERVICE, parse_node, service_node
from compose.graph.cycles import find_cycle
from compose.model.deps import closure
from compose.model.project import Project

if TYPE_CHECKING:
    import networkx as nx


def check_acyclic(graph: nx.DiGraph[str]) -> None:
    """A ``CycleError`` whose ``cycle`` is the path of service names (``a -> b -> a``)."""
    edges = {node: list(graph.successors(node)) for node in graph.nodes}
    cycle = find_cycle(edges)
    if cycle is not None:
        raise CycleError([parse_node(n)[1] for n in cycle])


def generations(graph: nx.DiGraph[str], *, kinds: Iterable[str] | None = None) -> tuple[tuple[str, ...], ...]:
    """Node ids by start order: each generation needs only nodes of earlier ones.

    ``kinds`` (e.g. ``["service"]``) keeps only those nodes; dropping a node never
    reorders the rest, because the layering is computed on the whole graph.
    """
    import networkx as nx

    wanted = set(kinds) if kinds is not None else None
    out = []
    for layer in nx.topological_generations(graph.reverse(copy=False)):
        nodes = sorted(n for n in layer if wanted is None or graph.nodes[n]["kind"] in wanted)
        if nodes:
            out.append(tuple(nodes))
    return tuple(out)


def start_order(graph: nx.DiGraph[str]) -> tuple[tuple[str, ...], ...]:
    """Service names by generation: dependencies first."""
    return tuple(tuple(parse_node(n)[1] for n in layer) for layer in generations(graph, kinds=[SERVICE]))


def teardown_order(graph: nx.DiGraph[str]) -> tuple[tuple[str, ...], ...]:
    """Service names by generation for stopping/removing: dependents first (start order reversed)."""
    return tuple(reversed(start_order(graph)))


def dependencies(graph: nx.DiGraph[str], service: str, *, transitive: bool = True) -> tuple[str, ...]:
    """Services ``service`` needs (directly, or all of them), sorted."""
    return _walk(graph, service, transitive=transitive, reverse=False, restart_only=False)


def dependents(
    graph: nx.DiGraph[str], service: str, *, transitive: bool = True, restart_only: bool = False
) -> tuple[str, ...]:
    """Services that need ``service`` (directly, or all of them), sorted.

    ``restart_only`` follows only ``depends_on`` edges with ``restart: true``: the services
    to restart (or recreate) when ``service`` is restarted or recreated.
    """
    return _walk(graph, service, transitive=transitive, reverse=True, restart_only=restart_only)


def _walk(graph: nx.DiGraph[str], service: str, *, transitive: bool, reverse: bool, restart_only: bool) -> tuple[str, ...]:
    """The one traversal: ``compose.model.deps.closure`` over the graph's service edges."""
    edges: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if data["kind"] != SERVICE:
            continue
        edges[node] = [
            dep
            for dep in graph.successors(node)
            if graph.nodes[dep]["kind"] == SERVICE and (not restart_only or graph.edges[node, dep]["restart"])
        ]
    start = service_node(service)
    if start not in edges:
        raise KeyError(service)
    if transitive:
        found = set(closure(edges, [start], reverse=reverse)) - {start}
    elif reverse:
        found = {n for n, deps in edges.items() if start in deps}
    else:
        found = set(edges[start])
    return tuple(sorted(parse_node(n)[1] for n in found))


def select(project: Project, services: Iterable[str], *, with_deps: bool = True) -> Project:
    """The project restricted to ``services`` (plus their dependencies if ``with_deps``).

    An empty selection keeps every service. The walk is ``Project.with_services``'s
    (``compose.model.deps.closure``), over the same edges as the graph.
    """
    return project.with_services(services, with_deps=with_deps)


