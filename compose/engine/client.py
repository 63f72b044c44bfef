"""Connecting to the Docker Engine, with the SDK imported only when needed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from compose.errors import EngineUnavailable

if TYPE_CHECKING:
    import docker


def connect(env: Mapping[str, str] | None = None, *, timeout: int = 120) -> docker.DockerClient:
    """A client for the engine named by DOCKER_HOST (or the default socket), API version negotiated."""
    import docker
    import docker.errors

    environment = dict(os.environ if env is None else env)
    try:
        client = docker.DockerClient.from_env(environment=environment, timeout=timeout)
        client.ping()
    except docker.errors.DockerException as exc:
        host = environment.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        raise EngineUnavailable(
            f"no Docker Engine answers at {host} ({exc}); start one, e.g. scripts/ensure-engine"
        ) from exc
    return client
