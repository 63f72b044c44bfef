"""Plans of the lifecycle verbs: start, restart, pause, unpause, rm (pure; the executor of ``up`` runs them).

The services' dependencies come from the compose file when there is one, else
from the ``com.docker.compose.depends_on`` label of their containers (``-p NAME``
alone, as v2 rebuilds a project from its containers). Both give the same
``Dependency`` records (compose.model.deps), made into one ``DependencyGraph``
(``dependency_graph``), whose orders and closures every verb here uses. The plans
take that graph, or (for callers written before it) the ``Edges`` mapping.

- ``plan_start``: every stopped container of the selected services, dependencies
  first; a start waits for its dependencies' conditions (``service_healthy``,
  ``service_completed_successfully``) like ``up`` does;
- ``plan_restart``: the selected services plus, unless ``no_deps``, the services
  depending on them with ``restart: true``, in dependency order (v2 restarts every
  container of a service, stopped ones too);
- ``plan_pause`` / ``plan_unpause``: the running (paused) containers;
- ``plan_remove``: the given stopped containers (``rm``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from compose.errors import PlanError
from compose.graph.build import build_graph, graph_of_dependencies
from compose.graph.structure import DependencyGraph, Edge, parse_node
from compose.model.deps import Dependency, service_dependencies
from compose.model.labels import DEPENDS_ON
from compose.model.parts import SERVICE_COMPLETED_SUCCESSFULLY, SERVICE_HEALTHY, SERVICE_STARTED
from compose.model.project import Project
from compose.plan.hooks import hooks_of, post_start, pre_stop
from compose.plan.observed import ObservedContainer, ObservedState
from compose.plan.ops import Dep, Operation, OpKind, Plan, PlanBuilder, WaitFor

__all__ = [
    "Edges",
    "dependency_edges",
    "dependency_graph",
    "dependents",
    "ordered",
    "plan_pause",
    "plan_remove",
    "plan_restart",
    "plan_start",
    "plan_unpause",
]

Edges = Mapping[str, tuple[Dependency, ...]]
"""service -> what it depends on."""

_CONDITIONS = {SERVICE_HEALTHY: WaitFor.HEALTHY, SERVICE_COMPLETED_SUCCESSFULLY: WaitFor.COMPLETED}


def dependency_edges(project: Project | None, observed: ObservedState) -> dict[str, tuple[Dependency, ...]]:
    """The dependencies of every service: from the model, else from the containers' depends_on label."""
    if project is not None:
        services = {**project.disabled, **project.services}
        return {name: tuple(d for d in service_dependencies(svc) if d.target in services)
                for name, svc in services.items()}
    labels: dict[str, str] = {}
    for c in sorted(observed.containers, key=lambda c: (c.oneoff, c.number)):
        labels.setdefault(c.service, c.labels.get(DEPENDS_ON, ""))
    return {service: tuple(d for d in _parse_label(service, text) if d.target in labels)
            for service, text in labels.items()}


def _parse_label(service: str, text: str) -> list[Dependency]:
    """``db:service_healthy:true,cache:service_started:false`` (service, condition, restart)."""
    out = []
    for item in filter(None, text.split(",")):
        target, _, rest = item.partition(":")
        condition, _, restart = rest.partition(":")
        out.append(Dependency(service, target, ("depends_on",), condition or SERVICE_STARTED, True,
                              restart.lower() == "true"))
    return out


def dependency_graph(project: Project | None, observed: ObservedState) -> DependencyGraph:
    """The services' graph: the model's (disabled services included), else the containers' labels'."""
    if project is not None:
        return build_graph(project, include_disabled=True)
    return graph_of_dependencies(dependency_edges(None, observed))


def as_graph(edges: Edges | DependencyGraph) -> DependencyGraph:
    """The graph itself, or the graph of an ``Edges`` mapping."""
    return edges if isinstance(edges, DependencyGraph) else graph_of_dependencies(edges)


def ordered(edges: Edges | DependencyGraph) -> list[str]:
    """Services dependencies first: generation by generation, names sorted within one."""
    return list(as_graph(edges).start_order())


def dependents(edges: Edges | DependencyGraph, services: Iterable[str], *, restart_only: bool = False) -> set[str]:
    """``services`` and every service depending on them, transitively (only ``restart: true`` edges
    when ``restart_only``)."""
    return set(as_graph(edges).closure(services, reverse=True, restart_only=restart_only))


def _resource(c: ObservedContainer) -> str:
    return f"service:{c.service}:{c.number}"


class _Conditions:
    """Nodes a container's start must wait for, per dependency condition (wait nodes made once)."""

    def __init__(self, b: PlanBuilder) -> None:
        self.b = b
        self.started: dict[str, list[tuple[ObservedContainer, int | None]]] = {}
        self.waits: dict[tuple[str, WaitFor], int] = {}

    def record(self, service: str, c: ObservedContainer, node: int | None) -> None:
        self.started.setdefault(service, []).append((c, node))

    def after(self, deps: Sequence[Edge]) -> list[int | Dep | None]:
        out: list[int | Dep | None] = []
        for d in deps:
            for c, node in self.started.get(parse_node(d.target)[1], ()):
                condition = _CONDITIONS.get(d.condition)
                if condition is None:
                    out.append(Dep(node, d.required) if node is not None else None)
                else:
                    out.append(Dep(self._wait(c, node, condition), d.required))
        return out

    def _wait(self, c: ObservedContainer, node: int | None, condition: WaitFor) -> int:
        key = (c.id, condition)
        if key not in self.waits:
            self.waits[key] = self.b.add(
                Operation(OpKind.WAIT_CONTAINER, _resource(c), target=c.id, display=c.name,
                          args={"condition": condition}),
                [node], group=c.service, reason=f"until {condition.value}")
        return self.waits[key]


def plan_start(edges: Edges | DependencyGraph, observed: ObservedState, services: Iterable[str], *,
               project: Project | None = None) -> Plan:
    """Start the stopped containers of ``services`` (already including their dependencies); the
    ``post_start`` hooks of ``project``'s services after each start."""
    graph = as_graph(edges)
    selected = set(services)
    b = PlanBuilder()
    conditions = _Conditions(b)
    for service in graph.start_order():
        if service not in selected:
            continue
        containers = observed.service_containers(service)
        if not containers:
            raise PlanError(f'service "{service}" has no container to start')
        after = conditions.after(graph.needs(service))
        for c in containers:
            node = None
            if not c.running:
                node = b.add(Operation(OpKind.START_CONTAINER, _resource(c), target=c.id, display=c.name),
                             after, group=service, reason=c.state)
                node = post_start(b, service, hooks_of(project, service, "post_start"), node, _resource(c), c.id,
                                  c.name)
            conditions.record(service, c, node)
    return b.build()


def restart_selection(edges: Edges | DependencyGraph, services: Sequence[str], *, no_deps: bool) -> set[str]:
    """What ``restart`` acts on: all services, or the named ones plus their ``restart: true`` dependents."""
    if not services:
        return set(as_graph(edges).services)
    if no_deps:
        return set(services)
    return dependents(edges, services, restart_only=True)


def plan_restart(edges: Edges | DependencyGraph, observed: ObservedState, services: Sequence[str] = (), *,
                 no_deps: bool = False, timeout: int | None = None, project: Project | None = None) -> Plan:
    """Restart every container of the selected services in dependency order (v2 ``restart``); with
    ``project``, its services' ``pre_stop`` hooks before and ``post_start`` hooks after each restart."""
    graph = as_graph(edges)
    selected = restart_selection(graph, services, no_deps=no_deps)
    b = PlanBuilder()
    conditions = _Conditions(b)
    args = {} if timeout is None else {"timeout": timeout}
    for service in graph.start_order():
        if service not in selected:
            continue
        # only restart: true relations order a restart (v2 drops the others)
        after = conditions.after([d for d in graph.needs(service)
                                  if d.restart and parse_node(d.target)[1] in selected])
        for c in observed.service_containers(service):
            before = pre_stop(b, service, hooks_of(project, service, "pre_stop"), _resource(c), c.id, c.name,
                              list(after)) if c.running else list(after)
            node = b.add(Operation(OpKind.RESTART_CONTAINER, _resource(c), target=c.id, display=c.name, args=args),
                         before, group=service)
            node = post_start(b, service, hooks_of(project, service, "post_start"), node, _resource(c), c.id,
                              c.name)
            conditions.record(service, c, node)
    return b.build()


def _each(observed: ObservedState, services: Iterable[str], kind: OpKind, state: str) -> Plan:
    wanted = set(services)
    b = PlanBuilder()
    for c in sorted(observed.containers, key=lambda c: c.name):
        if not c.oneoff and c.state == state and (not wanted or c.service in wanted):
            b.add(Operation(kind, _resource(c), target=c.id, display=c.name), group=c.service)
    return b.build()


def plan_pause(observed: ObservedState, services: Iterable[str] = ()) -> Plan:
    """Pause the running containers of ``services`` (all when none are named)."""
    return _each(observed, services, OpKind.PAUSE_CONTAINER, "running")


def plan_unpause(observed: ObservedState, services: Iterable[str] = ()) -> Plan:
    """Unpause the paused containers of ``services`` (all when none are named)."""
    return _each(observed, services, OpKind.UNPAUSE_CONTAINER, "paused")


def plan_remove(containers: Iterable[ObservedContainer], *, volumes: bool = False, force: bool = False) -> Plan:
    """Remove ``containers`` (``rm``: the stopped ones), all at once."""
    b = PlanBuilder()
    args: dict[str, bool] = {}
    if volumes:
        args["volumes"] = True
    if force:
        args["force"] = True
    for c in sorted(containers, key=lambda c: c.name):
        b.add(Operation(OpKind.REMOVE_CONTAINER, _resource(c), target=c.id, display=c.name, args=args),
              group=c.service)
    return b.build()
