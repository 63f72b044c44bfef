"""observe(engine, project) -> ObservedState: what the engine holds for a project.

Three list calls filtered on the project label (containers, networks,
volumes), then one inspect per resource the model names that the lists did
not return (external ones, or ones another tool created without our labels)
and one per image the services use. The lookups run in a few threads: on a
no-op ``up`` this is most of the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from compose.engine.port import Engine
from compose.model.project import Project
from compose.plan.observed import ObservedState

T = TypeVar("T")

__all__ = ["observe", "observe_project"]


def observe_project(engine: Engine, project: str) -> ObservedState:
    """Only what carries the project's label (``ps``, ``down`` without a compose file)."""
    with ThreadPoolExecutor(3) as pool:
        containers = pool.submit(engine.list_containers, project, all=True)
        networks = pool.submit(engine.list_networks, project)
        volumes = pool.submit(engine.list_volumes, project)
        return ObservedState(
            project=project,
            containers=tuple(containers.result()),
            networks=tuple(networks.result()),
            volumes=tuple(volumes.result()),
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
    with ThreadPoolExecutor(8) as pool:
        found_networks = _lookup(pool, engine.find_network, network_names)
        found_volumes = _lookup(pool, engine.find_volume, volume_names)
        found_images = _lookup(pool, engine.image_id, refs)
    return ObservedState(
        project=base.project,
        containers=base.containers,
        networks=base.networks,
        volumes=base.volumes,
        named_networks=found_networks,
        named_volumes=found_volumes,
        images=found_images,
        api_version=base.api_version,
    )


def _lookup(pool: ThreadPoolExecutor, fn: Callable[[str], T], names: Iterable[str]) -> dict[str, T]:
    futures = {name: pool.submit(fn, name) for name in names}
    return {name: future.result() for name, future in futures.items()}
