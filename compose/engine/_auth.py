"""Registry credentials from the Docker config file, found as the docker CLI finds it.

The file is ``$DOCKER_CONFIG/config.json``, else ``~/.docker/config.json``. Its
``auths`` entries (``auth`` = base64 ``user:password``, or an ``identitytoken``),
``credsStore`` and ``credHelpers`` (``docker-credential-<name> get``) are read by
the docker SDK's ``docker.auth``; this module only chooses the file from the
environment pycompose was given (not the process's) and shapes the headers
the Engine wants: ``X-Registry-Auth`` for one registry (pull, push),
``X-Registry-Config`` with every registry for a build's ``FROM`` pulls.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Credentials", "config_path", "load_credentials", "registry_of"]


def config_path(env: Mapping[str, str]) -> str:
    directory = env.get("DOCKER_CONFIG") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".docker")
    return os.path.join(directory, "config.json")


def registry_of(ref: str) -> str:
    """The registry host of an image reference (``docker.io`` for Docker Hub names)."""
    first, sep, _ = ref.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


@dataclass(frozen=True, slots=True)
class Credentials:
    """The credentials of a config file (or none when there is no such file)."""

    _config: Any
    """A ``docker.auth.AuthConfig``, or None."""

    def for_registry(self, registry: str) -> dict[str, Any] | None:
        """The auth config of ``registry`` (as the Engine's X-Registry-Auth wants it), or None."""
        if self._config is None:
            return None
        found = self._config.resolve_authconfig(registry)
        return dict(found) if found else None

    def for_image(self, ref: str) -> dict[str, Any] | None:
        return self.for_registry(registry_of(ref))

    def all(self) -> dict[str, Any]:
        """Every registry's auth config (X-Registry-Config of a build)."""
        if self._config is None:
            return {}
        return dict(self._config.get_all_credentials())


def load_credentials(env: Mapping[str, str]) -> Credentials:
    from compose.engine.docker import map_docker_errors

    path = config_path(env)
    if not os.path.isfile(path):
        return Credentials(None)
    import docker.auth

    with map_docker_errors():
        return Credentials(docker.auth.load_config(config_path=path, credstore_env=dict(env)))


def encode(auth: Mapping[str, Any]) -> str:
    import docker.auth

    return str(docker.auth.encode_header(dict(auth)).decode("ascii"))
