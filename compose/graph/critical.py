"""The critical path of ``up``: the longest chain of waits, in worst-case seconds (networkx).

Only ``pycompose graph`` imports this module (networkx costs ~150 ms to import; the
commands that run a stack never load it).

Each service on a chain contributes what its dependent waits for:

- ``service_healthy``: its worst-case time to become healthy,
  ``start_period + retries * (interval + timeout)``: during ``start_period`` failed
  probes do not count; after it, a probe starts ``interval`` after the previous one
  ended and may take up to ``timeout``, and the ``retries``-th failure in a row makes the
  container unhealthy, so the last probe that can still succeed ends at that sum.
  Unset values are Docker's defaults (interval 30s, timeout 30s, retries 3,
  start_period 0s); a service with no ``healthcheck`` in the file keeps its image's, of
  which only the defaults are known;
- ``service_started`` (and links, ``volumes_from``, ``service:`` namespaces): its start,
  counted as 0 s (the engine's time, which no file states);
- ``service_completed_successfully``: its run, unknown, counted as 0 s.

The last service of the chain contributes its own health time when it has a
healthcheck (``up --wait`` waits for it). Weights are put on the edges of an
``nx.DiGraph`` (dependency -> dependent, plus a sink every service reaches), and the
chain is ``nx.dag_longest_path`` (of two chains as long, the one with more services).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from compose._record import record
from compose.errors import CycleError
from compose.graph.structure import SERVICE, DependencyGraph, parse_node
from compose.model.parts import SERVICE_HEALTHY, Healthcheck
from compose.model.project import Project

if TYPE_CHECKING:
    import networkx as nx

SECOND = 1_000_000_000
DEFAULT_INTERVAL = 30 * SECOND
DEFAULT_TIMEOUT = 30 * SECOND
DEFAULT_RETRIES = 3
_SINK = "\x00end"


@record
class Step:
    """One service of the chain: what is waited for (``healthy``, ``started``, ``completed``) and how long."""

    service: str
    waits_for: str
    seconds: float
    formula: str


@record
class CriticalPath:
    """The chain, dependencies first, and its total worst-case seconds."""

    steps: tuple[Step, ...]
    seconds: float


def health_seconds(check: Healthcheck | None) -> tuple[float, str]:
    """The worst-case seconds to become healthy, and the sum written out."""
    check = check or Healthcheck()
    start = check.start_period or 0
    interval = check.interval or DEFAULT_INTERVAL
    timeout = check.timeout or DEFAULT_TIMEOUT
    retries = check.retries if check.retries is not None else DEFAULT_RETRIES
    total = (start + retries * (interval + timeout)) / SECOND
    formula = f"{_s(start)} + {retries} x ({_s(interval)} + {_s(timeout)})"
    return total, formula


def _s(ns: int) -> str:
    return f"{ns / SECOND:g}s"


def _wait(project: Project, service: str, condition: str) -> Step:
    if condition == SERVICE_HEALTHY:
        seconds, formula = health_seconds(project.services[service].healthcheck)
        return Step(service, "healthy", seconds, formula)
    if condition == "service_completed_successfully":
        return Step(service, "completed", 0.0, "run time unknown")
    return Step(service, "started", 0.0, "start")


def _own(project: Project, service: str) -> Step:
    check = project.services[service].healthcheck
    if check is not None and not check.disabled:
        seconds, formula = health_seconds(check)
        return Step(service, "healthy", seconds, formula)
    return Step(service, "started", 0.0, "start")


def _weight(step: Step) -> int:
    """Milliseconds, times 1000, plus one: of two chains as long in time, the one with more steps wins."""
    return round(step.seconds * 1000) * 1000 + 1


def to_networkx(graph: DependencyGraph) -> nx.DiGraph[str]:
    """The graph as an ``nx.DiGraph`` (edge ``a -> b``: a needs b), nodes with ``kind`` and ``name``."""
    import networkx as nx

    out: nx.DiGraph[str] = nx.DiGraph()
    for node in graph.nodes:
        kind, name = parse_node(node)
        out.add_node(node, kind=kind, name=name)
    for e in graph.edges:
        out.add_edge(e.source, e.target, kinds=e.kinds, condition=e.condition, required=e.required, restart=e.restart)
    return out


def critical_path(project: Project, graph: DependencyGraph) -> CriticalPath:
    """The longest chain of waits ``up`` can meet among the services of ``graph``; a cycle is a ``CycleError``."""
    import networkx as nx

    cycle = graph.cycle()
    if cycle is not None:
        raise CycleError(cycle)
    waits: nx.DiGraph[str] = nx.DiGraph()
    steps: dict[tuple[str, str], Step] = {}
    for name in sorted(graph.services):
        waits.add_node(name)
    for name in sorted(graph.services):
        own = _own(project, name)
        steps[(name, _SINK)] = own
        waits.add_edge(name, _SINK, weight=_weight(own))
        for edge in sorted(graph.needs(name), key=lambda e: e.target):
            target = parse_node(edge.target)[1]
            step = _wait(project, target, edge.condition)
            steps[(target, name)] = step
            waits.add_edge(target, name, weight=_weight(step))
    if not graph.nodes_of(SERVICE):
        return CriticalPath((), 0.0)
    chain = nx.dag_longest_path(waits, weight="weight")
    found = tuple(steps[(a, b)] for a, b in pairwise(chain))
    return CriticalPath(found, float(sum(s.seconds for s in found)))
