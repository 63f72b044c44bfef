"""Building projects from inline YAML and observed states by hand, for golden plan tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model.convert import project_from_loaded
from compose.model.labels import tool_version
from compose.model.project import Project
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedState, ObservedVolume

IMAGE = "pycompose/busybox:latest"
IMAGE_ID = "sha256:" + "ab" * 32

MakeProject = Callable[..., Project]


def project_maker(tmp_path: Path) -> MakeProject:
    def make(text: str, services: Iterable[str] = (), *, with_deps: bool = True) -> Project:
        path = tmp_path / "compose.yaml"
        path.write_text(textwrap.dedent(text))
        loaded = load_project(LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p",
                                          select_services=False))
        return project_from_loaded(loaded).with_services(tuple(services), with_deps=with_deps)

    return make


def container(project: Project, service: str, number: int = 1, *, state: str = "running", health: str = "",
              config_hash: str | None = None, image_id: str = IMAGE_ID, version: str | None = None,
              anonymous: dict[str, str] | None = None, exit_code: int = 0) -> ObservedContainer:
    """A container as ``up`` would have left it (hash and version of this pycompose unless given)."""
    svc = project.services.get(service)
    labels = {
        "com.docker.compose.project": project.name,
        "com.docker.compose.service": service,
        "com.docker.compose.container-number": str(number),
        "com.docker.compose.oneoff": "False",
        "com.docker.compose.config-hash": config_hash if config_hash is not None else (svc.config_hash if svc else ""),
        "com.docker.compose.image": image_id,
        "com.docker.compose.version": version or tool_version(),
    }
    status = {"running": "Up 2 minutes", "created": "Created"}.get(state, f"Exited ({exit_code}) 1 minute ago")
    if health and state == "running":
        status += f" ({health})"
    name = f"{project.name}-{service}-{number}"
    cid = (f"{service}{number}".encode().hex() + "0" * 64)[:64]
    volume_mounts = tuple((path, name) for path, name in (anonymous or {}).items())
    return ObservedContainer(id=cid, name=name, labels=labels, image=IMAGE, image_id=image_id, state=state,
                             status=status, volume_mounts=volume_mounts)


def network(project: Project, key: str, *, labelled: bool = True) -> ObservedNetwork:
    labels = {"com.docker.compose.project": project.name, "com.docker.compose.network": key,
              "com.docker.compose.version": tool_version(),
              "com.docker.compose.config-hash": project.networks[key].config_hash} if labelled else {}
    return ObservedNetwork(id=f"net-{key}", name=project.networks[key].name, labels=labels)


def volume(project: Project, key: str) -> ObservedVolume:
    labels = {"com.docker.compose.project": project.name, "com.docker.compose.volume": key}
    return ObservedVolume(name=project.volumes[key].name, labels=labels)


def state(project: Project, *containers: ObservedContainer, networks: Iterable[str] | None = None,
          volumes: Iterable[str] | None = None, images: dict[str, str | None] | None = None,
          api_version: str = "1.41") -> ObservedState:
    """Observed: the given containers; the project's networks and volumes exist unless listed otherwise."""
    nets = tuple(network(project, k) for k in (project.networks if networks is None else networks)
                 if not project.networks[k].external)
    vols = tuple(volume(project, k) for k in (project.volumes if volumes is None else volumes)
                 if not project.volumes[k].external)
    return ObservedState(project=project.name, containers=containers, networks=nets, volumes=vols,
                         images={IMAGE: IMAGE_ID} if images is None else images, api_version=api_version)
