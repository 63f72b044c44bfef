"""The project: a name, where it was loaded from, its services and top-level resources.

Immutable: every ``with_*`` method returns a new ``Project`` and leaves the
receiver untouched (compose-go's "return a copy" rule, without deep copies:
the parts are frozen, so they are shared).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from compose._record import record, replace
from compose.errors import UsageError
from compose.model.deps import closure, dependency_map
from compose.model.frozen import EMPTY, FrozenMap
from compose.model.resources import FileObject, ModelDefinition, Network, Volume
from compose.model.service import Service


@record
class Project:
    name: str
    working_dir: str
    config_files: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()
    environment: Mapping[str, str] = EMPTY
    services: Mapping[str, Service] = EMPTY
    networks: Mapping[str, Network] = EMPTY
    volumes: Mapping[str, Volume] = EMPTY
    secrets: Mapping[str, FileObject] = EMPTY
    configs: Mapping[str, FileObject] = EMPTY
    models: Mapping[str, ModelDefinition] = EMPTY
    extensions: Mapping[str, Any] = EMPTY
    disabled: Mapping[str, Service] = EMPTY
    """Services left out by ``with_services`` (v2 keeps them to tell orphans from deselected services)."""

    # -- lookups -----------------------------------------------------------

    @property
    def service_names(self) -> tuple[str, ...]:
        return tuple(self.services)

    def service(self, name: str) -> Service:
        """The service called ``name``; a ``UsageError`` naming it if there is none."""
        try:
            return self.services[name]
        except KeyError:
            raise UsageError(f"no such service: {name}") from None

    def replicas(self, name: str) -> int:
        """How many containers of ``name`` to run (``scale``, else ``deploy.replicas``, else 1)."""
        return self.service(name).replicas

    def network(self, key: str) -> Network:
        try:
            return self.networks[key]
        except KeyError:
            raise UsageError(f"service uses undefined network {key!r}") from None

    def volume(self, key: str) -> Volume:
        try:
            return self.volumes[key]
        except KeyError:
            raise UsageError(f"service uses undefined volume {key!r}") from None

    def dependencies(self, names: Iterable[str]) -> tuple[str, ...]:
        """``names`` and every service they depend on, transitively (breadth first)."""
        return closure(dependency_map(self.services), names)

    def dependents(self, names: Iterable[str]) -> tuple[str, ...]:
        """``names`` and every service that depends on them, transitively."""
        return closure(dependency_map(self.services), names, reverse=True)

    # -- copies ------------------------------------------------------------

    def with_services(self, selected: Iterable[str], *, with_deps: bool = True) -> Project:
        """Only the ``selected`` services (and, if ``with_deps``, what they depend on).

        Unknown names are a ``UsageError``. The services left out move to ``disabled``.
        An empty selection means every service.
        """
        wanted = tuple(selected)
        for name in wanted:
            self.service(name)
        if not wanted:
            return self
        keep = set(self.dependencies(wanted) if with_deps else wanted)
        services = FrozenMap((n, s) for n, s in self.services.items() if n in keep)
        left_out = {n: s for n, s in self.services.items() if n not in keep}
        disabled = FrozenMap({**dict(self.disabled), **left_out})
        return replace(self, services=services, disabled=disabled)

    def with_service(self, service: Service) -> Project:
        """A copy where ``service`` replaces (or adds) the service of the same name."""
        return replace(self, services=_set(self.services, service.name, service))

    def with_scale(self, name: str, replicas: int) -> Project:
        """A copy where service ``name`` runs ``replicas`` containers (``--scale name=N``)."""
        if replicas < 0:
            raise UsageError(f"invalid scale for service {name}: {replicas}")
        service = self.service(name)
        deploy = service.deploy
        if deploy is not None and deploy.replicas is not None:
            deploy = replace(deploy, replicas=replicas)
        return self.with_service(replace(service, scale=replicas, deploy=deploy))

    def with_environment(self, environment: Mapping[str, str]) -> Project:
        return replace(self, environment=FrozenMap(environment))

    # -- resources a set of services uses -----------------------------------

    def networks_used(self, names: Iterable[str] | None = None) -> tuple[str, ...]:
        """Network keys the given services (default: all) attach to, in project order."""
        used = {key for svc in self._pick(names) for key in svc.networks}
        return tuple(k for k in self.networks if k in used)

    def volumes_used(self, names: Iterable[str] | None = None) -> tuple[str, ...]:
        """Project volume keys the given services (default: all) mount, in project order."""
        used = {v.source for svc in self._pick(names) for v in svc.volumes if v.is_named_volume}
        return tuple(k for k in self.volumes if k in used)

    def _pick(self, names: Iterable[str] | None) -> Iterable[Service]:
        if names is None:
            return self.services.values()
        return [self.service(n) for n in names]


def _set(mapping: Mapping[str, Service], key: str, value: Service) -> FrozenMap[str, Service]:
    data = dict(mapping)
    data[key] = value
    return FrozenMap(data)
