"""observe(engine, project) -> ObservedState: what the engine holds for a project.

Three list calls filtered on the project label (containers, networks,
volumes), then one inspect per resource the model names that the lists did
not return (external ones, or ones another tool created without our labels)
and one per image the services use. The lookups run in a few threads: on a
no-op ``up`` this is most of the work.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from compose._record import record
from compose.engine._parallel import run_all
from compose.plan.observed import ObservedState

if TYPE_CHECKING:
    from compose.engine.port import Observer
    from compose.model.project import Project

__all__ = ["Query", "observe", "observe_project", "observe_query", "query_for"]


def observe_project(engine: Observer, project: str) -> ObservedState:
    """Only what carries the project's label (``ps``, ``down`` without a compose file)."""
    containers, networks, volumes = run_all([
        partial(engine.list_containers, project, all=True),
        partial(engine.list_networks, project),
        partial(engine.list_volumes, project),
    ], workers=3)
    return ObservedState(  # in one order, not the engine's (volumes come in Go's map order): same state, same data
        project=project,
        containers=tuple(sorted(containers, key=lambda c: (c.name, c.id))),
        networks=tuple(sorted(networks, key=lambda n: (n.name, n.id))),
        volumes=tuple(sorted(volumes, key=lambda v: v.name)),
        api_version=engine.api_version,
    )


@record
class Query:
    """What ``observe`` asks the engine beyond the project's labelled resources: these names."""

    project: str
    networks: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


def query_for(project: Project, *, images: bool = True) -> Query:
    """The model's networks, volumes and (unless ``images`` is false) service images."""
    return Query(
        project=project.name,
        networks=tuple(sorted({n.name for n in project.networks.values()})),
        volumes=tuple(sorted({v.name for v in project.volumes.values()})),
        images=tuple(sorted({s.image_or_default(project.name) for s in project.services.values()})) if images else (),
    )


def observe(engine: Observer, project: Project, *, images: bool = True) -> ObservedState:
    """The project's labelled resources plus its named networks, volumes and images looked up by name."""
    return observe_query(engine, query_for(project, images=images))


def observe_query(engine: Observer, query: Query) -> ObservedState:
    """What ``query`` asks: networks and volumes the label filter did not return are looked up by name."""
    base = observe_project(engine, query.project)
    have_networks = {n.name for n in base.networks}
    have_volumes = {v.name for v in base.volumes}
    network_names = [n for n in query.networks if n not in have_networks]
    volume_names = [v for v in query.volumes if v not in have_volumes]
    found = iter(run_all([*(partial(engine.find_network, n) for n in network_names),
                          *(partial(engine.find_volume, v) for v in volume_names),
                          *(partial(engine.image_id, r) for r in query.images)], workers=8))
    return ObservedState(
        project=base.project,
        containers=base.containers,
        networks=base.networks,
        volumes=base.volumes,
        named_networks={name: next(found) for name in network_names},
        named_volumes={name: next(found) for name in volume_names},
        images={ref: next(found) for ref in query.images},
        api_version=base.api_version,
    )
