"""A service: every attribute of the Compose Specification's ``services`` element (05-services.md).

Field names are the spec's attribute names. Types follow the model's conventions
(compose/model/parts.py): tuples, read-only mappings, ``int`` nanoseconds for
durations, ``int`` bytes for sizes, ``None`` for "not set".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose._record import field, record
from compose.model.build import BuildConfig, Develop
from compose.model.deploy import Deploy
from compose.model.frozen import EMPTY
from compose.model.parts import (
    BlkioConfig,
    CredentialSpec,
    DependsOn,
    Device,
    DeviceRequest,
    EnvFile,
    Extends,
    ExtraHost,
    FileRef,
    Healthcheck,
    Hook,
    Logging,
    Port,
    Provider,
    ServiceModel,
    ServiceNetwork,
    ServiceVolume,
    Ulimit,
)

SERVICE_PREFIX = "service:"
CONTAINER_PREFIX = "container:"


@record
class Service:
    name: str
    image: str | None = None
    build: BuildConfig | None = None
    # what runs
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str | None] = EMPTY
    env_file: tuple[EnvFile, ...] = ()
    working_dir: str | None = None
    user: str | None = None
    group_add: tuple[str, ...] = ()
    tty: bool = False
    stdin_open: bool = False
    init: bool | None = None
    stop_signal: str | None = None
    stop_grace_period: int | None = None  # ns
    healthcheck: Healthcheck | None = None
    restart: str | None = None
    # identity
    container_name: str | None = None
    hostname: str | None = None
    domainname: str | None = None
    labels: Mapping[str, str] = EMPTY
    label_file: tuple[str, ...] = ()
    annotations: Mapping[str, str] = EMPTY
    platform: str | None = None
    pull_policy: str | None = None
    runtime: str | None = None
    isolation: str | None = None
    # networking
    ports: tuple[Port, ...] = ()
    expose: tuple[str, ...] = ()
    networks: Mapping[str, ServiceNetwork | None] = EMPTY
    network_mode: str | None = None
    mac_address: str | None = None
    links: tuple[str, ...] = ()
    external_links: tuple[str, ...] = ()
    extra_hosts: tuple[ExtraHost, ...] = ()
    dns: tuple[str, ...] = ()
    dns_opt: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    # storage
    volumes: tuple[ServiceVolume, ...] = ()
    volumes_from: tuple[str, ...] = ()
    tmpfs: tuple[str, ...] = ()
    secrets: tuple[FileRef, ...] = ()
    configs: tuple[FileRef, ...] = ()
    storage_opt: Mapping[str, str] = EMPTY
    read_only: bool = False
    shm_size: int | None = None  # bytes
    # privileges and namespaces
    privileged: bool = False
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    security_opt: tuple[str, ...] = ()
    devices: tuple[Device, ...] = ()
    device_cgroup_rules: tuple[str, ...] = ()
    gpus: tuple[DeviceRequest, ...] = ()
    sysctls: Mapping[str, str] = EMPTY
    ulimits: Mapping[str, Ulimit] = EMPTY
    pid: str | None = None
    ipc: str | None = None
    uts: str | None = None
    userns_mode: str | None = None
    cgroup: str | None = None
    cgroup_parent: str | None = None
    credential_spec: CredentialSpec | None = None
    oom_kill_disable: bool = False
    oom_score_adj: int | None = None
    # resources (the old keys; deploy.resources is in ``deploy``)
    cpu_count: int | None = None
    cpu_percent: float | None = None
    cpu_shares: int | None = None
    cpu_period: int | None = None
    cpu_quota: int | None = None
    cpu_rt_runtime: int | None = None
    cpu_rt_period: int | None = None
    cpus: float | None = None
    cpuset: str | None = None
    mem_limit: int | None = None  # bytes
    mem_reservation: int | None = None  # bytes
    mem_swappiness: int | None = None
    memswap_limit: int | None = None  # bytes; -1 unlimited
    pids_limit: int | None = None
    blkio_config: BlkioConfig | None = None
    # orchestration
    depends_on: Mapping[str, DependsOn] = EMPTY
    scale: int | None = None
    deploy: Deploy | None = None
    profiles: tuple[str, ...] = ()
    attach: bool = True
    logging: Logging | None = None
    post_start: tuple[Hook, ...] = ()
    pre_start: tuple[Hook, ...] = ()
    pre_stop: tuple[Hook, ...] = ()
    develop: Develop | None = None
    models: Mapping[str, ServiceModel | None] = EMPTY
    provider: Provider | None = None
    use_api_socket: bool = False
    extends: Extends | None = None
    extensions: Mapping[str, Any] = EMPTY
    # derived by the converter from the canonical dict (compose/model/hashing.py)
    config_hash: str = field(default="", compare=True)

    @property
    def replicas(self) -> int:
        """How many containers ``up`` runs: ``scale``, else ``deploy.replicas``, else 1."""
        if self.scale is not None:
            return self.scale
        if self.deploy is not None and self.deploy.replicas is not None:
            return self.deploy.replicas
        return 1

    @property
    def network_mode_service(self) -> str | None:
        """The service named by ``network_mode: service:<name>``, if any."""
        return _service_ref(self.network_mode)

    @property
    def ipc_service(self) -> str | None:
        return _service_ref(self.ipc)

    @property
    def pid_service(self) -> str | None:
        return _service_ref(self.pid)

    @property
    def volumes_from_services(self) -> tuple[str, ...]:
        """The services (not ``container:`` references) of ``volumes_from``, access mode dropped."""
        out = []
        for entry in self.volumes_from:
            if entry.startswith(CONTAINER_PREFIX):
                continue
            out.append(entry.split(":", 1)[0])
        return tuple(out)

    @property
    def link_services(self) -> tuple[str, ...]:
        """The services of ``links`` (``db:alias`` -> ``db``)."""
        return tuple(link.split(":", 1)[0] for link in self.links)

    @property
    def uses_network_stack_of_another(self) -> bool:
        return self.network_mode is not None and (
            self.network_mode.startswith(SERVICE_PREFIX) or self.network_mode.startswith(CONTAINER_PREFIX)
        )

    def networks_by_priority(self) -> tuple[str, ...]:
        """Network keys, highest ``priority`` first, ties by name (the order the Engine attaches them)."""

        def order(key: str) -> tuple[int, str]:
            cfg = self.networks[key]
            return (-(cfg.priority if cfg else 0), key)

        return tuple(sorted(self.networks, key=order))

    def image_or_default(self, project_name: str) -> str:
        """The image to run: ``image``, or ``<project>-<service>`` for a built-only service."""
        return self.image if self.image else f"{project_name}-{self.name}"


def _service_ref(value: str | None) -> str | None:
    if value and value.startswith(SERVICE_PREFIX):
        return value[len(SERVICE_PREFIX):]
    return None
