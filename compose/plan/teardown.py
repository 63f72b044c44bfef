"""plan_down and plan_stop: taking a stack apart, dependents first (the same Plan/executor as ``up``).

A service's containers stop only after the containers of every service that
depends on it have stopped. ``down`` then removes the containers, and once all
of them are gone, the project's networks, and with ``-v`` its volumes (never an
external one: only resources carrying the project's label are touched), and with
``--rmi`` its images. Without a compose file (``-p NAME``), everything carrying
the project label is the project.
"""

from __future__ import annotations

from collections.abc import Iterable

from compose.graph.build import build_graph
from compose.model.project import Project
from compose.plan.hooks import hooks_of, pre_stop
from compose.plan.observed import ObservedContainer, ObservedState
from compose.plan.ops import Dep, Operation, OpKind, Plan, PlanBuilder
from compose.plan.options import DownOptions, StopOptions

__all__ = ["plan_down", "plan_kill", "plan_stop", "teardown_order"]


def teardown_order(project: Project | None, observed: ObservedState) -> list[str]:
    """Service names, dependents before their dependencies; unknown services (orphans) first.

    Every service of the project is listed, with containers or not, so that the order of
    the ones around it stays transitive.
    """
    present = sorted({c.service for c in observed.containers})
    if project is None:
        return present
    backward = list(build_graph(project).stop_order())
    return [s for s in present if s not in project.services] + backward


def _dependents(project: Project | None) -> dict[str, set[str]]:
    """service -> the services that depend on it."""
    if project is None:
        return {}
    graph = build_graph(project)
    return {name: set(found) for name in graph.services if (found := graph.dependents(name, transitive=False))}


def _stops(b: PlanBuilder, project: Project | None, observed: ObservedState, services: Iterable[str],
           timeout: int | None, *, remove: bool, volumes: bool = False) -> list[int]:
    """Stop (and remove) the containers of ``services``; the last node of each container.

    A container stops once the running containers of the services depending on its own have
    exited (their processes are gone; the engine may still be releasing their networks and
    mounts, which takes longer than the stop itself); removing it needs only its own stop.
    """
    wanted = set(services)
    dependents = _dependents(project)
    done: dict[str, list[Dep]] = {}
    last: list[int] = []
    args = {} if timeout is None else {"timeout": timeout}
    for service in teardown_order(project, observed):
        after = [n for d in sorted(dependents.get(service, ())) for n in done.get(d, [])]
        if service not in wanted:
            done[service] = after
            continue
        stops: list[Dep] = []
        for c in sorted(observed.service_containers(service), key=lambda c: -c.number):
            stop = _stop(b, c, pre_stop(b, service, hooks_of(project, service, "pre_stop"), _resource(c), c.id, c.name,
                                        list(after)), args) if c.running else None
            if stop is not None:
                stops.append(Dep(stop, exited=True))
            node = stop
            if remove:
                node = b.add(Operation(OpKind.REMOVE_CONTAINER, _resource(c), target=c.id, display=c.name,
                                       args={"volumes": True} if volumes else {}),
                             [stop], group=service)
            if node is not None:
                last.append(node)
        # a service with nothing to stop passes its dependents' stops on, so order stays transitive
        done[service] = stops or after
    return last


def _stop(b: PlanBuilder, c: ObservedContainer, after: list[int | Dep | None], args: dict[str, int]) -> int:
    return b.add(Operation(OpKind.STOP_CONTAINER, _resource(c), target=c.id, display=c.name, args=args),
                 after, group=c.service)


def _resource(c: ObservedContainer) -> str:
    return f"service:{c.service}:{c.number}"


def plan_stop(project: Project | None, observed: ObservedState, options: StopOptions | None = None) -> Plan:
    """Stop the running containers of the selected services (all when none are named)."""
    options = options or StopOptions()
    b = PlanBuilder()
    _stops(b, project, observed, _selected(project, observed, options.services), options.timeout, remove=False)
    return b.build()


def _selected(project: Project | None, observed: ObservedState, services: Iterable[str]) -> set[str]:
    named = set(services)
    if named:
        return named
    if project is None:
        return {c.service for c in observed.containers}
    return {*project.services, *project.disabled}


def plan_down(project: Project | None, observed: ObservedState, options: DownOptions | None = None) -> Plan:
    options = options or DownOptions()
    b = PlanBuilder()
    selected = _selected(project, observed, options.services)
    known = {*project.services, *project.disabled} if project is not None else selected
    orphans = observed.orphans(known) if project is not None else ()
    if orphans and not options.services:
        if options.remove_orphans:
            selected |= {c.service for c in orphans}
        else:
            names = ", ".join(sorted(c.name for c in orphans))
            b.warn(f"Found orphan containers ([{names}]) for this project. If you removed or renamed this "
                   "service in your compose file, you can run this command with the --remove-orphans flag "
                   "to clean it up.")
    removed = _stops(b, project, observed, selected, options.timeout, remove=True, volumes=options.volumes)
    if options.services:
        return b.build()
    for network in sorted(observed.networks, key=lambda n: n.name):
        if project is None or network.key in project.networks:
            b.add(Operation(OpKind.REMOVE_NETWORK, f"network:{network.key or network.name}", target=network.name),
                  removed, group="networks")
    if options.volumes:
        for volume in sorted(observed.volumes, key=lambda v: v.name):
            if project is None or volume.key in project.volumes:
                b.add(Operation(OpKind.REMOVE_VOLUME, f"volume:{volume.key or volume.name}", target=volume.name),
                      removed, group="volumes")
    if options.images and project is not None:
        for ref in _images(project, options.images):
            b.add(Operation(OpKind.REMOVE_IMAGE, f"image:{ref}", target=ref, args={"missing_ok": True}),
                  removed, group="images",
                  reason=f"--rmi {options.images}")
    return b.build()


def _images(project: Project, which: str) -> list[str]:
    """``--rmi all``: every image the services use; ``local``: those without a custom ``image:`` name."""
    services = [*project.services.values()]
    refs = {s.image_or_default(project.name) for s in services if which == "all" or not s.image}
    return sorted(refs)


def plan_kill(observed: ObservedState, services: Iterable[str] | None = None, signal: str = "SIGKILL") -> Plan:
    """Kill the running containers (of ``services``), all at once: the second Ctrl-C of ``up``."""
    wanted = None if services is None else set(services)
    b = PlanBuilder()
    for c in sorted(observed.containers, key=lambda c: c.name):
        if c.running and (wanted is None or c.service in wanted):
            b.add(Operation(OpKind.KILL_CONTAINER, _resource(c), target=c.id, display=c.name,
                            args={"signal": signal}), group=c.service)
    return b.build()
