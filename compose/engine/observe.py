"""observe(engine, project) -> ObservedState: what the engine holds for a project.

Three list calls filtered on the project label (containers, networks,
volumes), then one inspect per resource the model names that the lists did
not return (external ones, or ones another tool created without our labels)
and one per image the services use. The lookups run in a few threads: on a
no-op ``up`` this is most of the work.
"""

from __future__ import annotations

from functools import partial

from compose.engine._parallel import run_all
from compose.engine.port import Engine
from compose.model.project import Project
from compose.plan.observed import ObservedState

__all__ = ["observe", "observe_project"]


def observe_project(engine: Engine, project: str) -> ObservedState:
    """Only what carries the project's label (``ps``, ``down`` without a compose file)."""
    containers, networks, volumes = run_all([
        partial(engine.list_containers, project, all=True),
        partial(engine.list_networks, project),
        partial(engine.list_volumes, project),
    ], workers=3)
    return ObservedState(
        project=project,
        containers=tuple(containers),
        networks=tuple(networks),
        volumes=tuple(volumes),
        api_version=engine.api_version,
    )


def observe(engine: Engine, project: Project, *, images: bool = True) -> ObservedState:
    """The project's labelled resources plus its named networks, volumes and images looked up by name."""
    base = observe_project(engine, project.name)
    have_networks = {n.name for n in base.networks}
    have_volumes = {v.name for v in base.volumes}
    network_names = sorted({n.name for n in project.networks.values()} - have_networks)
    volume_names = sorted({v.name for v in project.volumes.values()} - have_volumes)
    refs = sorted({s.image_or_default(project.name) for s in project.services.values()}) if images else []
    found = iter(run_all([*(partial(engine.find_network, n) for n in network_names),
                          *(partial(engine.find_volume, v) for v in volume_names),
                          *(partial(engine.image_id, r) for r in refs)], workers=8))
    return ObservedState(
        project=base.project,
        containers=base.containers,
        networks=base.networks,
        volumes=base.volumes,
        named_networks={name: next(found) for name in network_names},
        named_volumes={name: next(found) for name in volume_names},
        images={ref: next(found) for ref in refs},
        api_version=base.api_version,
    )
