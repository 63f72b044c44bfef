"""plan_up(project, observed, options) -> Plan: what ``up`` must do, as pure data.

Per service, in dependency order (compose.model.deps is the one definition of an
edge; the networkx graph is not needed here and costs 360 ms to import):

- containers numbered above the wanted scale are stopped and removed, highest first;
- a missing container is created (``<project>-<service>-<n>``), connected to its
  other networks (Engine API < 1.44), given its secret/config files, and started;
- an existing one is kept, or replaced when its config hash or image changed
  (or ``--force-recreate``, or a dependency whose namespace it shares was replaced):
  create ``<old id[:12]>_<name>``, stop and remove the old one, rename the new one;
- a kept container that is not running is started (one-shot jobs run again, as in v2);
- a start waits for the dependencies' conditions: ``service_started`` on their start
  node, ``service_healthy``/``service_completed_successfully`` on wait nodes;
  ``required: false`` edges tolerate failure; ``restart: true`` restarts a running
  dependent when its dependency was replaced.

Our config hash is Docker Compose v2.40's: a container v2.40 wrote is compared like
our own. One written by another tool or version (``foreign``) whose hash differs is
kept unless its image changed or recreation is forced (its hash may be computed
otherwise), and the plan says so in a warning (docs/interop.md). Orphans are removed with
``remove_orphans``, reported otherwise.
"""

from __future__ import annotations

import functools

from compose._record import field, record
from compose.graph.build import build_graph
from compose.model.deps import Dependency, service_dependencies
from compose.model.parts import SERVICE_COMPLETED_SUCCESSFULLY, SERVICE_HEALTHY
from compose.model.project import Project
from compose.model.service import Service
from compose.plan._resources import plan_images, plan_networks, plan_pull, plan_volumes
from compose.plan.hooks import post_start
from compose.plan.observed import ObservedContainer, ObservedState
from compose.plan.ops import Dep, Operation, OpKind, Plan, PlanBuilder, Ref, Target, WaitFor
from compose.plan.options import Recreate, UpOptions
from compose.plan.translate import ContainerCreate, Resolved, container_create, container_name

__all__ = ["plan_pull", "plan_up", "service_order"]

# Dependencies through which a container refers to another one by name or namespace.
_BY_NAME = frozenset({"link", "volumes_from", "network_mode", "ipc", "pid"})
_NAMESPACE = frozenset({"volumes_from", "network_mode", "ipc", "pid"})
_CONDITIONS = {SERVICE_HEALTHY: WaitFor.HEALTHY, SERVICE_COMPLETED_SUCCESSFULLY: WaitFor.COMPLETED}


def plan_up(project: Project, observed: ObservedState, options: UpOptions | None = None) -> Plan:
    """The plan that brings ``observed`` to ``project`` (already restricted to the selected services)."""
    return _Planner(project, observed, options or UpOptions()).plan()


def service_order(project: Project) -> tuple[str, ...]:
    """Services in dependency order: generation by generation, names sorted within one (the graph's)."""
    return build_graph(project).start_order()


@record(frozen=False)
class _Slot:
    """One container of a service as it will be once the plan ran."""

    number: int
    name: str
    target: Target
    start: int | None = None
    running: bool = False
    waits: dict[WaitFor, int] = field(default_factory=dict)


@record(frozen=False)
class _Planned:
    slots: list[_Slot] = field(default_factory=list)
    settled: list[int] = field(default_factory=list)
    """Nodes after which every container has its final name (for dependents referring to them)."""
    replaced: bool = False


class _Planner:
    def __init__(self, project: Project, observed: ObservedState, options: UpOptions) -> None:
        self.project = project
        self.observed = observed
        self.options = options
        self.b = PlanBuilder()
        self.planned: dict[str, _Planned] = {}
        self.images: dict[str, int] = {}
        self.networks: dict[str, int | None] = {}
        self.volumes: dict[str, int | None] = {}

    def plan(self) -> Plan:
        self._orphans()
        self.images = plan_images(self.b, self.project, self.observed, self.options)
        self.networks = plan_networks(self.b, self.project, self.observed, all_resources=self.options.all_resources)
        self.volumes = plan_volumes(self.b, self.project, self.observed, all_resources=self.options.all_resources)
        for name in service_order(self.project):
            self._service(self.project.services[name])
        if self.options.wait:
            self._wait_ready()
        return self.b.build()

    # -- orphans and surplus containers
    def _orphans(self) -> None:
        known = [*self.project.services, *self.project.disabled]
        orphans = self.observed.orphans(known)
        if not orphans:
            return
        if self.options.remove_orphans:
            for c in sorted(orphans, key=lambda c: c.name):
                self._remove(c, f"service:{c.service}:{c.number}", "orphan")
        elif not self.options.ignore_orphans:
            names = ", ".join(sorted(c.name for c in orphans))
            self.b.warn(f"Found orphan containers ([{names}]) for this project. If you removed or renamed this "
                        "service in your compose file, you can run this command with the --remove-orphans flag "
                        "to clean it up.")

    def _remove(self, c: ObservedContainer, resource: str, reason: str) -> int:
        stop = None
        if c.running:
            stop = self.b.add(Operation(OpKind.STOP_CONTAINER, resource, target=c.id, display=c.name,
                                        args=self._timeout()), group=c.service, reason=reason)
        return self.b.add(Operation(OpKind.REMOVE_CONTAINER, resource, target=c.id, display=c.name),
                          [stop], group=c.service, reason=reason)

    def _timeout(self) -> dict[str, int]:
        return {} if self.options.timeout is None else {"timeout": self.options.timeout}

    # -- one service
    def _service(self, service: Service) -> None:
        deps = [d for d in _dependencies(service) if d.target in self.project.services]
        planned = self.planned[service.name] = _Planned()
        existing = self.observed.service_containers(service.name)
        wanted = service.replicas
        kept, surplus = existing[:wanted], existing[wanted:]
        for c in sorted(surplus, key=lambda c: -c.number):
            self._remove(c, f"service:{service.name}:{c.number}", f"scale {len(existing)} -> {wanted}")
        for c in kept:
            reason = self._divergence(service, c, deps)
            if reason:
                self._replace(service, c, deps, planned, reason)
            else:
                self._keep(service, c, deps, planned)
        next_number = max((c.number for c in existing), default=0) + 1
        for number in range(next_number, next_number + wanted - len(kept)):
            self._create(service, number, deps, planned)

    def _policy(self, service: Service) -> Recreate:
        named = not self.options.services or service.name in self.options.services
        return self.options.recreate if named else self.options.recreate_dependencies

    def _divergence(self, service: Service, c: ObservedContainer, deps: list[Dependency]) -> str:
        """Why ``c`` must be replaced, or "" to keep it."""
        policy = self._policy(service)
        if policy is Recreate.NEVER:
            return ""
        if policy is Recreate.FORCE:
            return "forced"
        for d in deps:
            if self.planned[d.target].replaced and _NAMESPACE.intersection(d.kinds):
                return f"{d.target} was replaced and {service.name} shares its {_shared(d)}"
        image = self.observed.images.get(service.image_or_default(self.project.name))
        if image and c.image_label and c.image_label != image:
            return "image changed"
        if c.config_hash == service.config_hash:
            return ""
        if not c.hash_comparable:
            self.b.warn(f"container {c.name} was created by another tool or version "
                        f"(com.docker.compose.version={c.tool_version or '?'}); its configuration hash is not "
                        "comparable, so it is kept as it is: use --force-recreate to replace it")
            return ""
        return "config changed"

    def _keep(self, service: Service, c: ObservedContainer, deps: list[Dependency], planned: _Planned) -> None:
        slot = _Slot(c.number, c.name, c.id, running=c.running)
        resource = f"service:{service.name}:{c.number}"
        restart = [d.target for d in deps if d.restart and self.planned[d.target].replaced]
        if c.running and restart and self.options.start:
            stop = self.b.add(Operation(OpKind.STOP_CONTAINER, resource, target=c.id, display=c.name,
                                        args=self._timeout()), self._settled(deps, restart),
                              group=service.name, reason=f"restart: {', '.join(restart)} was replaced")
            slot.start = self._started(service, resource, c.id, c.name, self.b.add(
                Operation(OpKind.START_CONTAINER, resource, target=c.id, display=c.name, args=_start_args(service)),
                [stop, *self._conditions(deps)], group=service.name, reason="restart"))
        elif not c.running and self.options.start:
            slot.start = self._started(service, resource, c.id, c.name, self.b.add(
                Operation(OpKind.START_CONTAINER, resource, target=c.id, display=c.name, args=_start_args(service)),
                self._conditions(deps), group=service.name, reason=f"{c.state}"))
            slot.running = True
        planned.slots.append(slot)

    def _create(self, service: Service, number: int, deps: list[Dependency], planned: _Planned) -> None:
        resolved = Resolved(image_id=self._image_id(service))
        create = container_create(self.project, service, number, api_version=self.observed.api_version,
                                  resolved=resolved)
        node = self._create_node(service, number, create, deps, display=create.name, reason="not found")
        settled = self._after_create(service, number, create, node, [node])
        self._finish(service, number, create.name, node, settled, deps, planned)

    def _replace(self, service: Service, c: ObservedContainer, deps: list[Dependency], planned: _Planned,
                 reason: str) -> None:
        name = container_name(self.project, service, c.number)
        inherited = {} if self.options.renew_anon_volumes else c.anonymous_volumes
        resolved = Resolved(image_id=self._image_id(service), replaces=True, name=f"{c.id[:12]}_{name}",
                            inherited_volumes=inherited)
        create = container_create(self.project, service, c.number, api_version=self.observed.api_version,
                                  resolved=resolved)
        resource = f"service:{service.name}:{c.number}"
        node = self._create_node(service, c.number, create, deps, display=name, reason=reason, replaces=c.id)
        stop = None
        if c.running:
            stop = self.b.add(Operation(OpKind.STOP_CONTAINER, resource, target=c.id, display=name,
                                        args=self._timeout()), [node], group=service.name, reason="replaced")
        remove = self.b.add(Operation(OpKind.REMOVE_CONTAINER, resource, target=c.id, display=name),
                            [node, stop], group=service.name, reason="replaced")
        rename = self.b.add(Operation(OpKind.RENAME_CONTAINER, resource, target=Ref(node), name=name, display=name),
                            [remove], group=service.name, reason="replaced")
        settled = self._after_create(service, c.number, create, node, [rename])
        planned.replaced = True
        self._finish(service, c.number, name, node, settled, deps, planned)

    def _create_node(self, service: Service, number: int, create: ContainerCreate, deps: list[Dependency], *,
                     display: str, reason: str, replaces: str = "") -> int:
        for warning in create.warnings:
            self.b.warn(warning)
        after: list[int | Dep | None] = [self.images.get(service.image_or_default(self.project.name))]
        after += [self.networks.get(k) for k in service.networks]
        after += [self.volumes.get(v.source) for v in service.volumes if v.is_named_volume and v.source]
        after += self._settled(deps, [d.target for d in deps if _BY_NAME.intersection(d.kinds)])
        args: dict[str, object] = {}
        if replaces:
            args["replaces"] = replaces
        if create.platform:
            args["platform"] = create.platform
        return self.b.add(Operation(OpKind.CREATE_CONTAINER, f"service:{service.name}:{number}", name=create.name,
                                    display=display, body=create.body, args=args),
                          after, group=service.name, reason=reason)

    def _after_create(self, service: Service, number: int, create: ContainerCreate, node: int,
                      settled: list[int]) -> list[int]:
        resource = f"service:{service.name}:{number}"
        display = container_name(self.project, service, number)
        out = list(settled)
        for connect in create.connect:
            out.append(self.b.add(Operation(OpKind.CONNECT_NETWORK, resource, target=Ref(node), display=display,
                                            args={"network": connect.network, "endpoint": connect.endpoint}),
                                  [node], group=service.name, reason=f"network {connect.key}"))
        if create.copies:
            files = {c.target: (c.content, c.mode, c.uid, c.gid) for c in create.copies}
            out.append(self.b.add(Operation(OpKind.COPY_FILES, resource, target=Ref(node), display=display,
                                            args={"files": files, "paths": ",".join(sorted(files))}),
                                  [node], group=service.name, reason="secrets and configs"))
        return out

    def _finish(self, service: Service, number: int, name: str, node: int, settled: list[int],
                deps: list[Dependency], planned: _Planned) -> None:
        slot = _Slot(number, name, Ref(node))
        planned.settled += settled
        if self.options.start:
            resource = f"service:{service.name}:{number}"
            slot.start = self._started(service, resource, Ref(node), name, self.b.add(
                Operation(OpKind.START_CONTAINER, resource, target=Ref(node), display=name, args=_start_args(service)),
                [*settled, *self._conditions(deps)], group=service.name))
            slot.running = True
        planned.slots.append(slot)

    def _started(self, service: Service, resource: str, target: Target, display: str, start: int) -> int:
        """What waits on a start: its ``post_start`` hooks (compose.plan.hooks), else the start itself."""
        return post_start(self.b, service.name, service.post_start, start, resource, target, display)

    # -- dependencies
    def _settled(self, deps: list[Dependency], targets: list[str]) -> list[int | Dep | None]:
        return [node for d in deps if d.target in targets for node in self.planned[d.target].settled]

    def _conditions(self, deps: list[Dependency]) -> list[int | Dep | None]:
        out: list[int | Dep | None] = []
        for d in deps:
            for slot in self.planned[d.target].slots:
                condition = _CONDITIONS.get(d.condition)
                node = slot.start if condition is None else self._wait(d.target, slot, condition)
                if node is not None:
                    out.append(Dep(node, d.required))
        return out

    def _wait(self, service: str, slot: _Slot, condition: WaitFor, timeout: float | None = None) -> int:
        if condition not in slot.waits:
            args: dict[str, object] = {"condition": condition}
            if timeout is not None:
                args["timeout"] = timeout
            slot.waits[condition] = self.b.add(
                Operation(OpKind.WAIT_CONTAINER, f"service:{service}:{slot.number}", target=slot.target,
                          display=slot.name, args=args),
                [slot.start], group=service, reason=f"until {condition.value}")
        return slot.waits[condition]

    def _wait_ready(self) -> None:
        selected = self.options.services or tuple(self.project.services)
        for name in service_order(self.project):
            if name in selected:
                for slot in self.planned[name].slots:
                    self._wait(name, slot, WaitFor.READY, self.options.wait_timeout)

    def _image_id(self, service: Service) -> str:
        return self.observed.images.get(service.image_or_default(self.project.name)) or ""


@functools.lru_cache(maxsize=1024)
def _dependencies(service: Service) -> tuple[Dependency, ...]:
    """compose.model.deps.service_dependencies, once per (hashable, frozen) service."""
    return service_dependencies(service)


def _start_args(service: Service) -> dict[str, object]:
    """Starts of containers that publish ports are serialised by the executor: Engine 20.10 allocates
    host ports non-atomically (v2 once had a global start mutex for this). Other starts run in parallel."""
    return {"ports": True} if service.ports else {}


def _shared(d: Dependency) -> str:
    return ", ".join(k for k in d.kinds if k in _NAMESPACE)
