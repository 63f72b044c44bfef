"""Helpers of the API and plugin tests (test_api_*.py, test_plugin*.py): what a project left behind, and
removing it, by label, with single list calls (no inspect of a container another test removes meanwhile)."""

from __future__ import annotations

import docker

PROJECT = "com.docker.compose.project"


def _project(labels: object) -> str:
    return str((labels or {}).get(PROJECT, "")) if isinstance(labels, dict) else ""


def left(client: docker.DockerClient, prefix: str) -> list[str]:
    """Containers, networks and volumes whose project name starts with ``prefix``."""
    api = client.api
    out = [f"container {c['Names'][0].lstrip('/')}" for c in api.containers(all=True, filters={"label": PROJECT})
           if _project(c.get("Labels")).startswith(prefix)]
    out += [f"network {n['Name']}" for n in api.networks(filters={"label": PROJECT})
            if _project(n.get("Labels")).startswith(prefix)]
    out += [f"volume {v['Name']}" for v in (api.volumes(filters={"label": PROJECT}).get("Volumes") or [])
            if _project(v.get("Labels")).startswith(prefix)]
    return sorted(out)


def remove(client: docker.DockerClient, prefix: str) -> None:
    """Remove whatever carries a project name starting with ``prefix`` (test cleanup, even after a failure)."""
    api = client.api
    for c in api.containers(all=True, filters={"label": PROJECT}):
        if _project(c.get("Labels")).startswith(prefix):
            api.remove_container(c["Id"], force=True, v=True)
    for n in api.networks(filters={"label": PROJECT}):
        if _project(n.get("Labels")).startswith(prefix):
            api.remove_network(n["Id"])
    for v in api.volumes(filters={"label": PROJECT}).get("Volumes") or []:
        if _project(v.get("Labels")).startswith(prefix):
            api.remove_volume(v["Name"], force=True)


def labels_of(client: docker.DockerClient, project: str) -> list[dict[str, str]]:
    """The labels of every container, network and volume of ``project``."""
    api = client.api
    f = {"label": f"{PROJECT}={project}"}
    out = [c.get("Labels") or {} for c in api.containers(all=True, filters=f)]
    out += [n.get("Labels") or {} for n in api.networks(filters=f)]
    out += [v.get("Labels") or {} for v in api.volumes(filters=f).get("Volumes") or []]
    return out


def running_count(client: docker.DockerClient, project: str) -> int:
    return len(client.api.containers(filters={"label": f"{PROJECT}={project}", "status": "running"}))
