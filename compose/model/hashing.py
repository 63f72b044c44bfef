"""Configuration hashes: the fingerprint that decides whether a container must be recreated.

``service_config_hash`` is Docker Compose v2's (2.40, pkg/compose/hash.go): the
SHA-256 of the service as Go's encoding/json writes compose-go's ServiceConfig,
which is the ``services.<name>`` value of ``config --format json`` (the canonical
dict: struct fields in compose-go's order, map keys sorted, ``$`` not escaped) with

- ``build``, ``pull_policy``, ``scale``, ``depends_on`` and ``deploy.replicas`` removed
  (v2 clears them before hashing), and
- ``x-*`` extension keys removed from every struct (compose-go keeps extensions out
  of its JSON), but not from maps of user data (labels, environment...).

Written on every container as the ``com.docker.compose.config-hash`` label and
compared on the next ``up``. Being v2's, it lets each tool take over the other's
containers without replacing them (docs/interop.md); checked against containers
v2 created (tests/integration/test_interop.py) and v2's recorded hashes.

Network and volume hashes (``com.docker.compose.config-hash`` on networks and
volumes) are v2's too: a network's canonical dict as Go writes it; a volume's fields in
compose-go's struct order (name, driver, driver_opts, external, labels), a volume
without a driver counting as ``driver: local``. v2 recreates a
network whose hash differs (stopping every container on it), so they must agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from compose.model.gojson import go_json

SERVICE_HASH_EXCLUDED = ("build", "pull_policy", "scale", "depends_on")

# Keys whose value is a map of user data, not a struct: an ``x-`` key in it is data.
_DATA_MAPS = frozenset({"labels", "annotations", "environment", "sysctls", "extra_hosts", "driver_opts", "args",
                        "options", "ulimits", "additional_contexts", "storage_opt", "driver_opt"})


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def service_config_hash(service: Mapping[str, Any]) -> str:
    """The config hash of one canonical service dict (see the module docstring for what is left out)."""
    data = {k: _without_extensions(v, k) for k, v in service.items()
            if k not in SERVICE_HASH_EXCLUDED and not str(k).startswith("x-")}
    deploy = data.get("deploy")
    if isinstance(deploy, Mapping) and "replicas" in deploy:
        data["deploy"] = {k: v for k, v in deploy.items() if k != "replicas"}
    return _sha256(go_json(data))


def _without_extensions(value: Any, key: str) -> Any:
    """``value`` (under ``key``) without the ``x-`` keys of the structs in it."""
    if isinstance(value, Mapping):
        data_map = key in _DATA_MAPS
        return {k: _without_extensions(v, "" if data_map else str(k)) for k, v in value.items()
                if data_map or not str(k).startswith("x-")}
    if isinstance(value, list | tuple):
        return [_without_extensions(v, "") for v in value]
    return value


def network_config_hash(network: Mapping[str, Any]) -> str:
    """v2's: the network of ``config --format json`` as Go writes it (compose-go's field order)."""
    return _sha256(go_json(dict(network)))


VOLUME_FIELDS = ("name", "driver", "driver_opts", "external", "labels")
"""compose-go's VolumeConfig fields that Go's encoding/json writes, in the struct's order."""


def volume_config_hash(volume: Mapping[str, Any]) -> str:
    """v2's: compose-go's VolumeConfig as Go writes it (its fields in struct order, empty ones
    left out, maps sorted), with ``driver: local`` when none is set; extensions are not written."""
    data = {key: volume[key] for key in VOLUME_FIELDS if volume.get(key) not in (None, "", False, {})}
    if not data.get("driver"):
        data = {"name": data["name"], "driver": "local", **data} if "name" in data else {"driver": "local", **data}
    for key in ("driver_opts", "labels"):
        if key in data:
            data[key] = {k: data[key][k] for k in sorted(data[key])}
    return _sha256(go_json(data))
