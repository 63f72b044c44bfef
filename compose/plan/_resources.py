"""The networks, volumes and images part of ``plan_up`` (private to compose/plan)."""

from __future__ import annotations

from compose.errors import PlanError
from compose.model.labels import PROJECT
from compose.model.project import Project
from compose.plan.observed import ObservedState, hash_comparable
from compose.plan.ops import Operation, OpKind, Plan, PlanBuilder
from compose.plan.options import PullPolicy, UpOptions
from compose.plan.translate import network_create, volume_create


def plan_networks(b: PlanBuilder, project: Project, observed: ObservedState, *,
                  all_resources: bool = False) -> dict[str, int | None]:
    """Create the project networks its services use (``all_resources``: every one declared); check
    external ones exist. Key -> create node."""
    nodes: dict[str, int | None] = {}
    for key in (tuple(project.networks) if all_resources else project.networks_used()):
        network = project.networks[key]
        found = observed.network(network.name)
        if network.external:
            if found is None:
                raise PlanError(f"network {network.name} declared as external, but could not be found",
                                path=f"networks.{key}")
            nodes[key] = None
            continue
        if found is not None:
            nodes[key] = None
            if found.labels.get(PROJECT) != project.name:
                b.warn(f"a network with name {network.name} exists but was not created for project "
                       f"{project.name!r}; it is used as it is. Set `external: true` to use an existing network")
            elif found.config_hash and hash_comparable(found.labels) and found.config_hash != network.config_hash:
                b.warn(f"network {network.name}'s configuration changed; it is not recreated while containers "
                       "use it: run `down` then `up` to apply the change")
            continue
        body = network_create(project, network, api_version=observed.api_version).body
        nodes[key] = b.add(Operation(OpKind.CREATE_NETWORK, f"network:{key}", name=network.name, body=body),
                           group=f"network:{key}", reason="not found")
    return nodes


def plan_volumes(b: PlanBuilder, project: Project, observed: ObservedState, *,
                 all_resources: bool = False) -> dict[str, int | None]:
    """Create the project volumes its services mount (``all_resources``: every one declared); check
    external ones exist. Key -> create node."""
    nodes: dict[str, int | None] = {}
    for key in (tuple(project.volumes) if all_resources else project.volumes_used()):
        volume = project.volumes[key]
        found = observed.volume(volume.name)
        if volume.external:
            if found is None:
                raise PlanError(f"external volume {volume.name!r} not found", path=f"volumes.{key}")
            nodes[key] = None
            continue
        if found is not None:
            nodes[key] = None
            if found.labels.get(PROJECT) != project.name:
                b.warn(f"volume {volume.name!r} already exists but was not created for project "
                       f"{project.name!r}; it is used as it is. Set `external: true` to use an existing volume")
            continue
        body = volume_create(project, volume).body
        nodes[key] = b.add(Operation(OpKind.CREATE_VOLUME, f"volume:{key}", name=volume.name, body=body),
                           group=f"volume:{key}", reason="not found")
    return nodes


def pull_policy(policy: PullPolicy, service_policy: str | None) -> str:
    """The effective policy of one service: always, missing, never or build."""
    if policy is not PullPolicy.POLICY:
        return str(policy.value)
    value = (service_policy or "missing").lower()
    if value == "if_not_present" or value in ("daily", "weekly") or value.startswith("every_"):
        return "missing"
    return value


def plan_images(b: PlanBuilder, project: Project, observed: ObservedState, options: UpOptions) -> dict[str, int]:
    """Pull the images that are missing (per pull policy). Image reference -> pull node.

    ``always`` is treated as ``missing`` here: the caller pulls those first (``plan_pull``) and
    observes again, so that a changed image is seen when deciding on recreation.
    """
    nodes: dict[str, int] = {}
    for service in project.services.values():
        ref = service.image_or_default(project.name)
        if ref in nodes or observed.images.get(ref):
            continue
        policy = pull_policy(options.pull, service.pull_policy)
        if policy == "never":
            raise PlanError(f"image {ref} is not present locally and pull_policy is never",
                            path=f"services.{service.name}.pull_policy")
        if policy == "build" or (service.image is None and service.build is not None):
            raise PlanError(f"image {ref} must be built from services.{service.name}.build, and pycompose "
                            f"does not build images yet: build it with `docker build -t {ref}`",
                            path=f"services.{service.name}.build")
        args = {"platform": service.platform} if service.platform else {}
        nodes[ref] = b.add(Operation(OpKind.PULL_IMAGE, f"image:{ref}", target=ref, args=args),
                           group=f"image:{ref}", reason="not present locally")
    return nodes


def plan_pull(project: Project, options: UpOptions) -> Plan:
    """Pulls to run before planning ``up``: every image whose policy is ``always`` (or ``--pull always``)."""
    b = PlanBuilder()
    seen: set[str] = set()
    for service in project.services.values():
        ref = service.image
        if ref is None or ref in seen or pull_policy(options.pull, service.pull_policy) != "always":
            continue
        seen.add(ref)
        args = {"platform": service.platform} if service.platform else {}
        b.add(Operation(OpKind.PULL_IMAGE, f"image:{ref}", target=ref, args=args), group=f"image:{ref}",
              reason="pull_policy always")
    return b.build()
