"""The one-off container of ``run``: the service as the command line amends it, and the plan creating it.

The container is ``<project>-<service>-run-<slug[:12]>`` (or ``--name``), labelled
``oneoff=True`` with its 64-hex ``slug`` and no container number (as v2 writes it).
Its ports are dropped unless ``--service-ports`` (or replaced by ``--publish``), its
restart policy too; stdin stays open when interactive. The plan creates the
networks and volumes the service needs that do not exist yet, the container,
its extra network connections (Engine API < 1.44) and its secret/config files;
the caller attaches to it and starts it (output must not be missed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose._record import record, replace
from compose.model.frozen import EMPTY, FrozenMap
from compose.model.labels import CONTAINER_NUMBER
from compose.model.parts import Port, ServiceVolume
from compose.model.project import Project
from compose.model.service import Service
from compose.plan._resources import plan_networks, plan_volumes
from compose.plan.observed import ObservedState
from compose.plan.ops import Operation, OpKind, Plan, PlanBuilder, Ref
from compose.plan.translate import Resolved, container_create

__all__ = ["OneOff", "oneoff_name", "oneoff_service", "plan_run"]


@record
class OneOff:
    """What ``run``'s flags change in the service."""

    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str | None] = EMPTY
    labels: Mapping[str, str] = EMPTY
    user: str | None = None
    workdir: str | None = None
    publish: tuple[Port, ...] = ()
    service_ports: bool = False
    volumes: tuple[ServiceVolume, ...] = ()
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    tty: bool = False
    interactive: bool = True
    name: str | None = None
    auto_remove: bool = False
    use_aliases: bool = False


def oneoff_name(project: str, service: str, slug: str) -> str:
    return f"{project}-{service}-run-{slug[:12]}"


def oneoff_service(service: Service, o: OneOff) -> Service:
    """The service with the command line's changes applied."""
    ports = o.publish or (service.ports if o.service_ports else ())
    return replace(
        service,
        command=o.command if o.command is not None else service.command,
        entrypoint=o.entrypoint if o.entrypoint is not None else service.entrypoint,
        environment=FrozenMap({**service.environment, **o.environment}),
        labels=FrozenMap({**service.labels, **o.labels}),
        user=o.user or service.user,
        working_dir=o.workdir or service.working_dir,
        ports=tuple(ports),
        volumes=(*service.volumes, *o.volumes),
        cap_add=(*service.cap_add, *(c for c in o.cap_add if c not in service.cap_add)),
        cap_drop=(*service.cap_drop, *(c for c in o.cap_drop if c not in service.cap_drop)),
        tty=o.tty,
        stdin_open=o.interactive,
        restart=None,
        container_name=None,
    )


def plan_run(project: Project, service: Service, observed: ObservedState, o: OneOff, *, slug: str) -> Plan:
    """Create the one-off container of ``service`` (already amended) and what it needs; the container's
    create node is the plan's only ``CREATE_CONTAINER``."""
    project = project.with_service(service)
    own = project.with_services([service.name], with_deps=False)
    b = PlanBuilder()
    networks = plan_networks(b, own, observed)
    volumes = plan_volumes(b, own, observed)
    name = o.name or oneoff_name(project.name, service.name, slug)
    ref = service.image_or_default(project.name)
    resolved = Resolved(image_id=observed.images.get(ref) or "", oneoff=True, slug=slug, name=name,
                        use_network_aliases=o.use_aliases)
    create = container_create(project, service, 1, api_version=observed.api_version, resolved=resolved)
    for warning in create.warnings:
        b.warn(warning)
    after = [networks.get(k) for k in service.networks]
    after += [volumes.get(v.source) for v in service.volumes if v.is_named_volume and v.source]
    args: dict[str, Any] = {"platform": create.platform} if create.platform else {}
    resource = f"service:{service.name}:run"
    node = b.add(Operation(OpKind.CREATE_CONTAINER, resource, name=name, display=name,
                           body=oneoff_body(create.body, o), args=args),
                 after, group=service.name, reason="run")
    for connect in create.connect:
        b.add(Operation(OpKind.CONNECT_NETWORK, resource, target=Ref(node), display=name,
                        args={"network": connect.network, "endpoint": connect.endpoint}),
              [node], group=service.name, reason=f"network {connect.key}")
    if create.copies:
        files = {c.target: (c.content, c.mode, c.uid, c.gid) for c in create.copies}
        b.add(Operation(OpKind.COPY_FILES, resource, target=Ref(node), display=name,
                        args={"files": files, "paths": ",".join(sorted(files))}),
              [node], group=service.name, reason="secrets and configs")
    return b.build()


def oneoff_body(body: Mapping[str, Any], o: OneOff) -> dict[str, Any]:
    """The create body of a one-off container: stdin attached when interactive, no number, no restart."""
    out = dict(body)
    out["Labels"] = {k: v for k, v in (body.get("Labels") or {}).items() if k != CONTAINER_NUMBER}
    out["Tty"] = o.tty
    out["OpenStdin"] = o.interactive
    out["AttachStdin"] = o.interactive
    out["StdinOnce"] = o.interactive
    host = {k: v for k, v in (body.get("HostConfig") or {}).items() if k != "RestartPolicy"}
    if o.auto_remove:
        host["AutoRemove"] = True
    out["HostConfig"] = host
    return out
