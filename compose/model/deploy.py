"""``deploy`` of a service (deploy.md): replicas, resources, restart policy, and the swarm-only parts."""

from __future__ import annotations

from collections.abc import Mapping

from compose.model._record import record
from compose.model.frozen import EMPTY
from compose.model.parts import DeviceRequest


@record
class GenericResource:
    kind: str
    value: int


@record
class ResourceSpec:
    """``limits`` or ``reservations``: cpus as a float number of CPUs, memory in bytes."""

    cpus: float | None = None
    memory: int | None = None
    pids: int | None = None
    devices: tuple[DeviceRequest, ...] = ()
    generic_resources: tuple[GenericResource, ...] = ()


@record
class Resources:
    limits: ResourceSpec | None = None
    reservations: ResourceSpec | None = None


@record
class RestartPolicy:
    """``deploy.restart_policy``: condition ``none``, ``on-failure`` or ``any``; durations in ns."""

    condition: str | None = None
    delay: int | None = None
    max_attempts: int | None = None
    window: int | None = None


@record
class UpdateConfig:
    """``update_config`` / ``rollback_config`` (swarm only; kept for ``config`` and hashing)."""

    parallelism: int | None = None
    delay: int | None = None
    failure_action: str | None = None
    monitor: int | None = None
    max_failure_ratio: float | None = None
    order: str | None = None


@record
class Placement:
    constraints: tuple[str, ...] = ()
    preferences: tuple[Mapping[str, str], ...] = ()
    max_replicas_per_node: int | None = None


@record
class Deploy:
    mode: str | None = None
    replicas: int | None = None
    labels: Mapping[str, str] = EMPTY
    update_config: UpdateConfig | None = None
    rollback_config: UpdateConfig | None = None
    resources: Resources = Resources()
    restart_policy: RestartPolicy | None = None
    placement: Placement | None = None
    endpoint_mode: str | None = None
