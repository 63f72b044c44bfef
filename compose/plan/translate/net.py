"""Networking of a container: network mode, endpoints, aliases, links (private to translate.py)."""

from __future__ import annotations

from typing import Any

from compose.model._record import record
from compose.model.project import Project
from compose.model.service import CONTAINER_PREFIX, SERVICE_PREFIX, Service
from compose.plan.translate.common import ContainerRef, Notes, Resolved, api_at_least, put

IFNAME_OPTION = "com.docker.network.endpoint.ifname"


@record
class NetworkConnect:
    """A network to connect the container to after it is created (API < 1.44 takes one at create).

    ``network`` is the engine's network name, ``key`` the compose file's key; ``endpoint``
    is the body's ``EndpointConfig`` (POST /networks/{network}/connect).
    """

    key: str
    network: str
    endpoint: dict[str, Any]


def default_container_name(project: str, service: str, number: int) -> str:
    return f"{project}-{service}-{number}"


def containers_of(project: Project, resolved: Resolved, service: str) -> tuple[ContainerRef, ...]:
    """The containers of ``service``: observed ones, else the names the model predicts."""
    found = resolved.containers.get(service)
    if found:
        return found
    svc = project.services.get(service) or project.disabled.get(service)
    if svc is None:
        return ()
    if svc.container_name:
        return (ContainerRef(svc.container_name, svc.container_name, 1),)
    return tuple(
        ContainerRef(name, name, n)
        for n in range(1, max(svc.replicas, 1) + 1)
        for name in [default_container_name(project.name, service, n)]
    )


def resolve_service_ref(
    project: Project, resolved: Resolved, value: str | None, key: str, notes: Notes
) -> str | None:
    """``service:x`` -> ``container:<id of x's first container>``; anything else as is."""
    if not value or not value.startswith(SERVICE_PREFIX):
        return value
    target = value[len(SERVICE_PREFIX):]
    refs = containers_of(project, resolved, target)
    if not refs:
        raise notes.fail(key, f"service {target!r} has no container to share its namespace with")
    return CONTAINER_PREFIX + refs[0].id


def volumes_from(project: Project, service: Service, resolved: Resolved, notes: Notes) -> list[str]:
    """``volumes_from``: ``svc[:mode]`` -> ``<id of svc's first container>[:mode]``; ``container:x`` -> ``x``."""
    out = []
    for entry in service.volumes_from:
        if entry.startswith(CONTAINER_PREFIX):
            out.append(entry[len(CONTAINER_PREFIX):])
            continue
        name, sep, mode = entry.partition(":")
        refs = containers_of(project, resolved, name)
        if not refs:
            raise notes.fail("volumes_from", f"service {name!r} has no container to take volumes from")
        out.append(refs[0].id + (sep + mode if sep else ""))
    return out


def links(project: Project, service: Service, resolved: Resolved) -> list[str]:
    """``links`` and ``external_links`` in the Engine's ``container:alias`` form, as v2 writes them.

    For each container of a linked service: ``<name>:<alias>``, ``<name>:<service>-<n>``
    and ``<name>:<project>-<service>-<n>``.
    """
    out: list[str] = []
    for link in service.links:
        target, _, alias = link.partition(":")
        alias = alias or target
        for ref in containers_of(project, resolved, target):
            out.append(f"{ref.name}:{alias}")
            out.append(f"{ref.name}:{target}-{ref.number}")
            out.append(f"{ref.name}:{project.name}-{target}-{ref.number}")
    for link in service.external_links:
        name, _, alias = link.partition(":")
        out.append(f"{name}:{alias or name}")
    return out


def networking(
    project: Project,
    service: Service,
    container_name: str,
    link_list: list[str],
    *,
    api_version: str,
    resolved: Resolved,
    notes: Notes,
) -> tuple[str, dict[str, Any] | None, tuple[NetworkConnect, ...], str | None]:
    """``(NetworkMode, NetworkingConfig or None, networks to connect after create, container MacAddress)``."""
    if service.network_mode:
        mode = resolve_service_ref(project, resolved, service.network_mode, "network_mode", notes)
        return str(mode), None, (), service.mac_address
    if not service.networks:
        if not project.networks:
            return "none", None, (), service.mac_address
        raise notes.fail("networks", "the service is attached to no network (the loader adds 'default')")
    keys = service.networks_by_priority()
    modern = api_at_least(api_version, "1.44")
    mac = _container_mac(service, keys, modern, notes)
    endpoints: dict[str, Any] = {}
    connect: list[NetworkConnect] = []
    for key in keys:
        if key not in project.networks:
            raise notes.fail(f"networks.{key}", f"undefined network {key!r}")
    for i, key in enumerate(keys):
        network = project.networks[key]
        endpoint = _endpoint(service, key, container_name, link_list, api_version, resolved, notes)
        if i == 0 and modern and service.mac_address and "MacAddress" not in endpoint:
            endpoint["MacAddress"] = service.mac_address
        if i == 0 or modern:
            endpoints[network.name] = endpoint
        else:
            connect.append(NetworkConnect(key, network.name, endpoint))
    primary = project.networks[keys[0]].name
    return primary, {"EndpointsConfig": endpoints}, tuple(connect), mac


def _container_mac(service: Service, keys: tuple[str, ...], modern: bool, notes: Notes) -> str | None:
    """The container-wide MacAddress (API < 1.44 only; newer APIs set it per endpoint)."""
    primary = service.networks[keys[0]]
    primary_mac = primary.mac_address if primary else None
    if service.mac_address and primary_mac and primary_mac != service.mac_address:
        raise notes.fail("mac_address", f"must equal the mac_address of network {keys[0]!r} ({primary_mac})")
    if modern:
        return None
    with_mac = [k for k in keys if (cfg := service.networks[k]) is not None and cfg.mac_address]
    if len(with_mac) > 1 or (with_mac and with_mac[0] != keys[0]):
        raise notes.fail(
            f"networks.{with_mac[-1]}.mac_address",
            "a MAC address on a network other than the first needs Engine API 1.44 or later",
        )
    return service.mac_address or primary_mac


def _endpoint(
    service: Service,
    key: str,
    container_name: str,
    link_list: list[str],
    api_version: str,
    resolved: Resolved,
    notes: Notes,
) -> dict[str, Any]:
    cfg = service.networks[key]
    aliases = [container_name]
    if resolved.use_network_aliases:
        aliases.append(service.name)
        if cfg is not None:
            aliases.extend(a for a in cfg.aliases if a not in aliases)
    endpoint: dict[str, Any] = {"Aliases": aliases}
    put(endpoint, "Links", list(link_list))
    if cfg is None:
        return endpoint
    ipam: dict[str, Any] = {}
    put(ipam, "IPv4Address", cfg.ipv4_address)
    put(ipam, "IPv6Address", cfg.ipv6_address)
    put(ipam, "LinkLocalIPs", list(cfg.link_local_ips))
    put(endpoint, "IPAMConfig", ipam)
    if cfg.mac_address and api_at_least(api_version, "1.44"):
        endpoint["MacAddress"] = cfg.mac_address
    driver_opts = dict(cfg.driver_opts)
    if cfg.interface_name:
        if not api_at_least(api_version, "1.49"):
            raise notes.fail(f"networks.{key}.interface_name", f"needs Engine API 1.49 or later (engine: {api_version})")
        driver_opts[IFNAME_OPTION] = cfg.interface_name
    put(endpoint, "DriverOpts", driver_opts)
    if cfg.gw_priority:
        if not api_at_least(api_version, "1.48"):
            raise notes.fail(f"networks.{key}.gw_priority", f"needs Engine API 1.48 or later (engine: {api_version})")
        endpoint["GwPriority"] = cfg.gw_priority
    return endpoint
