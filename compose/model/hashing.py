"""Configuration hashes: the fingerprint that decides whether a container must be recreated.

``service_config_hash`` is the SHA-256 of the service's canonical dict (the
``services.<name>`` value of Docker Compose v2's ``config --format json``) as
stable JSON (sorted keys, no whitespace, UTF-8), after removing what does not
change the container itself. It is written on every container as the
``com.docker.compose.config-hash`` label and compared on the next ``up``.

Excluded, as Docker Compose v2 does (pkg/compose/hash.go): ``build``,
``pull_policy``, ``scale``, ``deploy.replicas``, ``depends_on``, ``profiles``.
Excluded as well, by pycompose's decision, because they only steer the
tool, never the container: ``attach`` (log attachment of ``up``), ``develop``
(``watch`` rules) and service-level ``x-*`` extensions.

The value cannot equal v2's hash for the same service (v2 hashes its Go
struct's JSON, not the canonical dict); what the reconciler does with a
container another tool created is its decision, documented there.

Network and volume hashes (``com.docker.compose.config-hash`` on networks and
volumes) are the same digest over their canonical dicts; a volume without a
driver counts as ``driver: local`` so that spelling the default does not
look like a change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

SERVICE_HASH_EXCLUDED = ("build", "pull_policy", "scale", "depends_on", "profiles", "attach", "develop")


def stable_json(value: Any) -> str:
    """Canonical JSON text: sorted keys, compact separators, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot hash a value of type {type(value).__name__}")


def digest(value: Any) -> str:
    return hashlib.sha256(stable_json(value).encode()).hexdigest()


def service_config_hash(service: Mapping[str, Any]) -> str:
    """The config hash of one canonical service dict (see the module docstring for what is left out)."""
    data = {
        k: v for k, v in service.items() if k not in SERVICE_HASH_EXCLUDED and not str(k).startswith("x-")
    }
    deploy = data.get("deploy")
    if isinstance(deploy, Mapping) and "replicas" in deploy:
        data["deploy"] = {k: v for k, v in deploy.items() if k != "replicas"}
    return digest(data)


def network_config_hash(network: Mapping[str, Any]) -> str:
    return digest(dict(network))


def volume_config_hash(volume: Mapping[str, Any]) -> str:
    data = dict(volume)
    if not data.get("driver"):
        data["driver"] = "local"
    return digest(data)
