"""The model -> Engine API translation: pure, total, the one mapping.

``container_create(project, service, number, api_version=..., resolved=...)``
returns the container's name, the raw JSON body of ``POST /containers/create``,
the networks to connect after create (Engine API < 1.44 takes one network at
create), and the files to copy in before start (secrets and configs from
``environment``/``content``). ``network_create`` and ``volume_create`` return
the bodies of ``POST /networks/create`` and ``POST /volumes/create``.

Pure: no engine calls, no file reads, no clock; everything that depends on the
engine's state comes in ``Resolved``. Total: every service attribute is either
mapped, handled by another stage (named in ``NOT_CONTAINER_ATTRIBUTES``), or
refused with a ``PlanError`` naming it when this engine cannot honour it.
Harmless losses (swarm-only settings) come back as ``warnings``, never silently.

Bodies are fresh plain dicts holding only what the service asks for (the engine
fills defaults), with the ``com.docker.compose.*`` labels Docker Compose v2
writes (compose/model/labels.py) winning over user labels of the same name.
"""

from __future__ import annotations

from typing import Any

from compose._record import record
from compose.errors import PlanError
from compose.model import labels as lbl
from compose.model.project import Project
from compose.model.resources import Network, Volume
from compose.model.service import Service
from compose.plan.translate import host
from compose.plan.translate.common import ContainerRef, Notes, Resolved, api_at_least, put
from compose.plan.translate.mounts import FileCopy, storage, tmpfs
from compose.plan.translate.net import NetworkConnect, default_container_name, links, networking
from compose.plan.translate.net import resolve_service_ref as _resolve_ref
from compose.plan.translate.net import volumes_from as _volumes_from

__all__ = [
    "NOT_CONTAINER_ATTRIBUTES",
    "ContainerCreate",
    "ContainerRef",
    "FileCopy",
    "NetworkConnect",
    "NetworkCreate",
    "Resolved",
    "VolumeCreate",
    "api_at_least",
    "container_create",
    "container_name",
    "network_create",
    "seccomp_profile_paths",
    "volume_create",
]

seccomp_profile_paths = host.seccomp_profile_paths

# Service attributes that are not part of a container's definition, and who handles them.
NOT_CONTAINER_ATTRIBUTES = {
    "build": "the image build step",
    "pull_policy": "the image pull step",
    "scale": "the reconciler (number of containers)",
    "profiles": "the loader (service selection)",
    "depends_on": "the reconciler (start order) and the depends_on label",
    "attach": "the log attachment of up",
    "develop": "watch",
    "post_start": "the reconciler (compose.plan.hooks: an exec after each start)",
    "pre_start": "nobody: the schema refuses it (Docker Compose v2.40 has no pre_start)",
    "pre_stop": "the stop, restart and down plans (compose.plan.hooks: an exec before the stop)",
    "extends": "the loader",
    "env_file": "the loader (merged into environment)",
    "label_file": "the loader (merged into labels)",
    "x-*": "nobody (extensions)",
}


@record
class ContainerCreate:
    """Everything needed to create one container.

    Call ``POST /containers/create?name=<name>`` (add ``&platform=<platform>`` when set)
    with ``body``, then connect ``connect`` in order, then copy ``copies`` in, then start.
    """

    name: str
    body: dict[str, Any]
    connect: tuple[NetworkConnect, ...] = ()
    copies: tuple[FileCopy, ...] = ()
    platform: str | None = None
    warnings: tuple[str, ...] = ()


@record
class NetworkCreate:
    """``POST /networks/create`` with ``body`` (which holds the ``Name``)."""

    key: str
    name: str
    body: dict[str, Any]


@record
class VolumeCreate:
    """``POST /volumes/create`` with ``body`` (which holds the ``Name``)."""

    key: str
    name: str
    body: dict[str, Any]


def container_name(project: Project, service: Service, number: int) -> str:
    """``container_name``, else ``<project>-<service>-<number>``."""
    return service.container_name or default_container_name(project.name, service.name, number)


def container_create(
    project: Project, service: Service, number: int, *, api_version: str, resolved: Resolved | None = None
) -> ContainerCreate:
    """The create call of container ``number`` of ``service``; a ``PlanError`` names what cannot be honoured."""
    resolved = resolved or Resolved()
    notes = Notes(service.name)
    _refuse(service, notes)
    final_name = container_name(project, service, number)
    name = resolved.name or final_name
    # A replacement is created under a temporary name and renamed: its aliases use the final one.
    alias = name if resolved.oneoff else final_name
    link_list = links(project, service, resolved)
    mode, networking_config, connect, mac = networking(
        project, service, alias, link_list, api_version=api_version, resolved=resolved, notes=notes
    )
    binds, mounts, copies = storage(project, service, api_version=api_version, resolved=resolved, notes=notes)
    body: dict[str, Any] = {
        "Image": service.image_or_default(project.name),
        "AttachStdout": True,
        "AttachStderr": True,
    }
    if service.command is not None:
        body["Cmd"] = list(service.command)
    if service.entrypoint is not None:
        body["Entrypoint"] = list(service.entrypoint)
    put(body, "Env", host.environment(service))
    put(body, "Hostname", service.hostname)
    put(body, "Domainname", service.domainname)
    put(body, "User", service.user)
    put(body, "WorkingDir", service.working_dir)
    put(body, "Tty", service.tty)
    put(body, "OpenStdin", service.stdin_open)
    put(body, "ExposedPorts", host.exposed_ports(service, notes))
    put(body, "StopSignal", service.stop_signal)
    if service.stop_grace_period is not None:
        body["StopTimeout"] = host.stop_timeout(service)
    put(body, "Healthcheck", host.healthcheck(service, api_version=api_version, notes=notes))
    put(body, "MacAddress", mac)
    body["Labels"] = _container_labels(project, service, number, resolved)
    body["HostConfig"] = _host_config(project, service, mode, binds, mounts, link_list, api_version, resolved, notes)
    if networking_config is not None:
        body["NetworkingConfig"] = networking_config
    return ContainerCreate(
        name=name,
        body=body,
        connect=connect,
        copies=tuple(copies),
        platform=service.platform,
        warnings=tuple(notes.items),
    )


def _refuse(service: Service, notes: Notes) -> None:
    """Attributes no container create can honour on this tool and engine."""
    if service.provider is not None:
        raise notes.fail("provider", f"a provider service ({service.provider.type}) is not a container")
    if service.models:
        raise notes.fail("models", "needs Docker Model Runner, which pycompose does not support")
    deploy = service.deploy
    if deploy is None:
        return
    if deploy.mode not in (None, "replicated"):
        raise notes.fail("deploy.mode", f"{deploy.mode!r} needs a swarm; only 'replicated' is supported")
    for key, value in (
        ("deploy.labels", deploy.labels),
        ("deploy.placement", deploy.placement),
        ("deploy.update_config", deploy.update_config),
        ("deploy.rollback_config", deploy.rollback_config),
        ("deploy.endpoint_mode", deploy.endpoint_mode),
    ):
        if _is_set(value):
            notes.warn(key, "a swarm setting; ignored by a single engine")


def _is_set(value: object) -> bool:
    """Not None, not empty, and (for a model part) not all defaults: ``placement: {}`` is unset."""
    if value is None or value == "":
        return False
    if hasattr(type(value), "__record_fields__"):  # a model part (a record)
        return value != type(value)()
    return bool(value)


def _host_config(
    project: Project,
    service: Service,
    network_mode: str,
    binds: list[str],
    mounts: list[dict[str, Any]],
    link_list: list[str],
    api_version: str,
    resolved: Resolved,
    notes: Notes,
) -> dict[str, Any]:
    hc: dict[str, Any] = {"NetworkMode": network_mode}
    put(hc, "Binds", binds)
    put(hc, "Mounts", mounts)
    put(hc, "Tmpfs", tmpfs(service))
    put(hc, "VolumesFrom", _volumes_from(project, service, resolved, notes))
    put(hc, "PortBindings", host.port_bindings(service))
    put(hc, "Links", link_list)
    put(hc, "RestartPolicy", host.restart_policy(service, notes))
    if service.init is not None:
        hc["Init"] = service.init
    put(hc, "Privileged", service.privileged)
    put(hc, "ReadonlyRootfs", service.read_only)
    put(hc, "CapAdd", host.capabilities(service.cap_add))
    put(hc, "CapDrop", host.capabilities(service.cap_drop))
    security, unconfined = host.security_options(service, project.working_dir, resolved, notes)
    put(hc, "SecurityOpt", security)
    if unconfined:
        hc["MaskedPaths"] = []
        hc["ReadonlyPaths"] = []
    put(hc, "GroupAdd", list(service.group_add))
    put(hc, "Dns", list(service.dns))
    put(hc, "DnsOptions", list(service.dns_opt))
    put(hc, "DnsSearch", list(service.dns_search))
    put(hc, "ExtraHosts", [f"{h.host}:{h.ip}" for h in service.extra_hosts])
    put(hc, "Sysctls", dict(service.sysctls))
    put(hc, "StorageOpt", dict(service.storage_opt))
    put(hc, "ShmSize", service.shm_size)
    put(hc, "PidMode", _resolve_ref(project, resolved, service.pid, "pid", notes))
    put(hc, "IpcMode", _resolve_ref(project, resolved, service.ipc, "ipc", notes))
    put(hc, "UTSMode", service.uts)
    put(hc, "UsernsMode", service.userns_mode)
    put(hc, "CgroupnsMode", service.cgroup)
    put(hc, "Isolation", service.isolation)
    put(hc, "Runtime", service.runtime)
    if service.oom_score_adj:
        hc["OomScoreAdj"] = service.oom_score_adj
    if service.logging is not None:
        log: dict[str, Any] = {"Type": service.logging.driver or ""}
        put(log, "Config", dict(service.logging.options))
        hc["LogConfig"] = log
    if service.annotations:
        if not api_at_least(api_version, "1.43"):
            raise notes.fail("annotations", f"needs Engine API 1.43 or later (engine: {api_version})")
        hc["Annotations"] = dict(service.annotations)
    hc.update(host.resources(service, notes=notes))
    return hc


def _container_labels(project: Project, service: Service, number: int, resolved: Resolved) -> dict[str, str]:
    labels = dict(service.labels)
    labels.update(
        {
            lbl.PROJECT: project.name,
            lbl.SERVICE: service.name,
            lbl.VERSION: lbl.tool_version(),
            lbl.ONEOFF: lbl.ONEOFF_TRUE if resolved.oneoff else lbl.ONEOFF_FALSE,
            lbl.CONTAINER_NUMBER: str(number),
            lbl.CONFIG_HASH: service.config_hash,
            lbl.DEPENDS_ON: ",".join(
                f"{name}:{dep.condition}:{'true' if dep.restart else 'false'}" for name, dep in service.depends_on.items()
            ),
            lbl.WORKING_DIR: project.working_dir,
            lbl.CONFIG_FILES: ",".join(project.config_files),
        }
    )
    if resolved.image_id:
        labels[lbl.IMAGE] = resolved.image_id
    if project.env_files:
        labels[lbl.ENVIRONMENT_FILE] = ",".join(project.env_files)
    if resolved.replaces:
        labels[lbl.REPLACE] = service.container_name or f"{service.name}-{number}"
    if resolved.slug:
        labels[lbl.SLUG] = resolved.slug
    return labels


def network_create(project: Project, network: Network, *, api_version: str) -> NetworkCreate:
    """The create call of a project network; a ``PlanError`` for an external one (never created)."""
    if network.external:
        raise PlanError(f"network {network.name} is external: it is never created", path=f"networks.{network.key}")
    body: dict[str, Any] = {"Name": network.name}
    if not api_at_least(api_version, "1.44"):
        body["CheckDuplicate"] = True
    put(body, "Driver", network.driver)
    put(body, "Options", dict(network.driver_opts))
    put(body, "Internal", network.internal)
    put(body, "Attachable", network.attachable)
    if network.enable_ipv6 is not None:
        body["EnableIPv6"] = network.enable_ipv6
    if network.enable_ipv4 is not None:
        if api_at_least(api_version, "1.47"):
            body["EnableIPv4"] = network.enable_ipv4
        elif not network.enable_ipv4:
            raise PlanError(
                f"disabling IPv4 needs Engine API 1.47 or later (engine: {api_version})",
                path=f"networks.{network.key}.enable_ipv4",
            )
    ipam = network.ipam
    if ipam.driver or ipam.config or ipam.options:
        pools = []
        for pool in ipam.config:
            entry: dict[str, Any] = {}
            put(entry, "Subnet", pool.subnet)
            put(entry, "IPRange", pool.ip_range)
            put(entry, "Gateway", pool.gateway)
            put(entry, "AuxiliaryAddresses", dict(pool.aux_addresses))
            pools.append(entry)
        ipam_body: dict[str, Any] = {"Driver": ipam.driver or "default"}
        put(ipam_body, "Config", pools)
        put(ipam_body, "Options", dict(ipam.options))
        body["IPAM"] = ipam_body
    labels = dict(network.labels)
    labels.update(
        {
            lbl.PROJECT: project.name,
            lbl.NETWORK: network.key,
            lbl.VERSION: lbl.tool_version(),
            lbl.CONFIG_HASH: network.config_hash,
        }
    )
    body["Labels"] = labels
    return NetworkCreate(key=network.key, name=network.name, body=body)


def volume_create(project: Project, volume: Volume) -> VolumeCreate:
    """The create call of a project volume; a ``PlanError`` for an external one (never created)."""
    if volume.external:
        raise PlanError(f"volume {volume.name} is external: it is never created", path=f"volumes.{volume.key}")
    body: dict[str, Any] = {"Name": volume.name}
    put(body, "Driver", volume.driver)
    put(body, "DriverOpts", dict(volume.driver_opts))
    labels = dict(volume.labels)
    labels.update(
        {
            lbl.PROJECT: project.name,
            lbl.VOLUME: volume.key,
            lbl.VERSION: lbl.tool_version(),
            lbl.CONFIG_HASH: volume.config_hash,
        }
    )
    body["Labels"] = labels
    return VolumeCreate(key=volume.key, name=volume.name, body=body)
