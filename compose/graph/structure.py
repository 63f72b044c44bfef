"""``DependencyGraph``: the project's services, networks and volumes and every edge, in pure Python.

An edge ``a -> b`` means *a needs b*: b must exist (and, for a service, be started,
healthy or completed, per ``condition``) before a starts, and a must stop before b
does. The graph is immutable and every traversal pycompose runs lives here:

- ``layers`` / ``start_order`` / ``stop_order``: topological generations (names sorted
  within one), raising ``CycleError`` (with the path) on a cycle; ``cycle()`` only finds it;
- ``dependencies`` / ``dependents``: closures (optionally only ``restart: true`` edges);
- ``select``: the services a command acts on, with or without their dependencies.

It imports no networkx (that costs ~150 ms): only ``pycompose graph`` converts it
(``compose.graph.critical``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from compose._record import record
from compose.errors import CycleError
from compose.graph.cycles import find_cycle
from compose.model.deps import closure

SERVICE = "service"
NETWORK = "network"
VOLUME = "volume"


def node_id(kind: str, name: str) -> str:
    """``("service", "web")`` -> ``"service:web"``."""
    return f"{kind}:{name}"


def parse_node(node: str) -> tuple[str, str]:
    """``"service:web"`` -> ``("service", "web")``."""
    kind, _, name = node.partition(":")
    return kind, name


@record
class Edge:
    """``source`` needs ``target`` (node ids); ``kinds`` says why (``depends_on``, ``link``, ``network``...)."""

    source: str
    target: str
    kinds: tuple[str, ...]
    condition: str = "service_started"
    required: bool = True
    restart: bool = False


@record
class Missing:
    """A dependency on a service the graph does not hold (deselected, or disabled and not required)."""

    service: str
    target: str
    required: bool


class DependencyGraph:
    """Nodes (``kind:name`` ids, in insertion order) and edges; read-only once built."""

    __slots__ = ("_into", "_kinds", "_out", "missing")

    def __init__(self, nodes: Iterable[str], edges: Iterable[Edge], missing: Iterable[Missing] = ()) -> None:
        kinds = {n: parse_node(n)[0] for n in nodes}
        out: dict[str, list[Edge]] = {n: [] for n in kinds}
        into: dict[str, list[Edge]] = {n: [] for n in kinds}
        for edge in edges:
            if edge.source not in kinds or edge.target not in kinds:
                raise KeyError(f"edge {edge.source} -> {edge.target}: unknown node")
            out[edge.source].append(edge)
            into[edge.target].append(edge)
        self._kinds: Mapping[str, str] = MappingProxyType(kinds)
        self._out = MappingProxyType({n: tuple(e) for n, e in out.items()})
        self._into = MappingProxyType({n: tuple(e) for n, e in into.items()})
        self.missing: tuple[Missing, ...] = tuple(missing)

    # -- nodes and edges ---------------------------------------------------------------------

    @property
    def nodes(self) -> tuple[str, ...]:
        """Every node id, in insertion order."""
        return tuple(self._kinds)

    def nodes_of(self, kind: str) -> tuple[str, ...]:
        """The names of the nodes of one kind (``"service"``...), in insertion order."""
        return tuple(parse_node(n)[1] for n, k in self._kinds.items() if k == kind)

    @property
    def services(self) -> tuple[str, ...]:
        return self.nodes_of(SERVICE)

    @property
    def edges(self) -> tuple[Edge, ...]:
        return tuple(e for edges in self._out.values() for e in edges)

    def out_edges(self, node: str) -> tuple[Edge, ...]:
        """What ``node`` (an id) needs."""
        return self._out[node]

    def in_edges(self, node: str) -> tuple[Edge, ...]:
        """What needs ``node`` (an id)."""
        return self._into[node]

    def needs(self, service: str) -> tuple[Edge, ...]:
        """The service edges of ``service``: one per service it depends on."""
        return tuple(e for e in self._out[self._service(service)] if self._kinds[e.target] == SERVICE)

    def edge(self, service: str, target: str) -> Edge | None:
        """The edge ``service -> target`` (service names), if any."""
        return next((e for e in self.needs(service) if e.target == node_id(SERVICE, target)), None)

    def _service(self, name: str) -> str:
        node = node_id(SERVICE, name)
        if node not in self._kinds:
            raise KeyError(name)
        return node

    # -- cycles and orders -------------------------------------------------------------------

    def service_edges(self, *, restart_only: bool = False) -> dict[str, list[str]]:
        """``service -> the services it needs`` (names), only ``restart: true`` ones if ``restart_only``."""
        return {
            name: [parse_node(e.target)[1] for e in self.needs(name) if e.restart or not restart_only]
            for name in self.services
        }

    def cycle(self) -> tuple[str, ...] | None:
        """A cycle of services, as names with the first repeated at the end (smallest name first)."""
        found = find_cycle(self.service_edges())
        return tuple(found) if found else None

    def layers(self, kinds: Iterable[str] = (SERVICE,)) -> tuple[tuple[str, ...], ...]:
        """Node ids by generation, each needing only earlier ones; ids sorted within one.

        Computed over every node, then restricted to ``kinds``, so leaving nodes out never
        reorders the others. A cycle is a ``CycleError`` with the path.
        """
        cycle = self.cycle()
        if cycle is not None:
            raise CycleError(cycle)
        wanted = set(kinds)
        pending = {n: len(e) for n, e in self._out.items()}
        ready = [n for n, count in pending.items() if count == 0]
        out: list[tuple[str, ...]] = []
        while ready:
            kept = tuple(sorted(n for n in ready if self._kinds[n] in wanted))
            if kept:
                out.append(kept)
            following = []
            for node in ready:
                for edge in self._into[node]:
                    pending[edge.source] -= 1
                    if pending[edge.source] == 0:
                        following.append(edge.source)
            ready = following
        return tuple(out)

    def start_layers(self) -> tuple[tuple[str, ...], ...]:
        """Service names by generation: dependencies first."""
        return tuple(tuple(parse_node(n)[1] for n in layer) for layer in self.layers())

    def start_order(self) -> tuple[str, ...]:
        """Service names, dependencies first (generation by generation, sorted within one)."""
        return tuple(name for layer in self.start_layers() for name in layer)

    def stop_order(self) -> tuple[str, ...]:
        """Service names, dependents first: the start order reversed (so names descend within a generation)."""
        return tuple(reversed(self.start_order()))

    # -- closures and selection --------------------------------------------------------------

    def closure(self, services: Iterable[str], *, reverse: bool = False, restart_only: bool = False) -> tuple[str, ...]:
        """``services`` and every service reachable from them (dependencies; ``reverse``: dependents).

        Breadth first, roots first; names the graph does not hold are skipped. The walk is
        ``compose.model.deps.closure``, the one ``Project.with_services`` uses too.
        """
        return closure(self.service_edges(restart_only=restart_only), services, reverse=reverse)

    def dependencies(self, service: str, *, transitive: bool = True) -> tuple[str, ...]:
        """The services ``service`` needs (directly, or all of them), sorted."""
        self._service(service)
        if transitive:
            return tuple(sorted(set(self.closure([service])) - {service}))
        return tuple(sorted(parse_node(e.target)[1] for e in self.needs(service)))

    def dependents(self, service: str, *, transitive: bool = True, restart_only: bool = False) -> tuple[str, ...]:
        """The services that need ``service`` (directly, or all of them), sorted.

        ``restart_only`` follows only ``depends_on`` edges with ``restart: true``: the services
        to restart when ``service`` is restarted or recreated.
        """
        node = self._service(service)
        if transitive:
            return tuple(sorted(set(self.closure([service], reverse=True, restart_only=restart_only)) - {service}))
        edges = self._into[node]
        return tuple(sorted(parse_node(e.source)[1] for e in edges
                            if self._kinds[e.source] == SERVICE and (e.restart or not restart_only)))

    def select(self, services: Iterable[str], *, with_deps: bool = True) -> tuple[str, ...]:
        """The services a command acts on, in start order: ``services`` plus (``with_deps``) what they
        need; an empty selection is every service. Unknown names are a ``KeyError``."""
        wanted = tuple(services)
        for name in wanted:
            self._service(name)
        keep = set(self.closure(wanted) if with_deps else wanted) if wanted else set(self.services)
        return tuple(s for s in self.start_order() if s in keep)
