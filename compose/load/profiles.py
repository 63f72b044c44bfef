"""Profiles: which services are active, and which the command line enables or selects.

A service without ``profiles`` is always active; one with profiles is active when
one of them is active (``*`` activates all). A service named on the command line
activates all of its profiles (which may bring other services along: a disabled
dependency sharing a profile comes too; one that does not is an error later, in
the consistency check). ``select`` keeps the named services and what they depend on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compose.errors import LoadError


def active_profiles(flags: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """``--profile`` values, else ``COMPOSE_PROFILES`` (comma separated)."""
    if flags:
        return [p for p in flags if p]
    return [p.strip() for p in environ.get("COMPOSE_PROFILES", "").split(",") if p.strip()]


def service_profiles(service: Any) -> list[str]:
    profiles = service.get("profiles") if isinstance(service, Mapping) else None
    return [str(p) for p in profiles] if isinstance(profiles, list) else []


def is_active(service: Any, active: Iterable[str]) -> bool:
    declared = service_profiles(service)
    if not declared:
        return True
    wanted = set(active)
    return "*" in wanted or any(p in wanted for p in declared)


def split(services: Mapping[str, Any], active: Iterable[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(enabled, disabled) services for the active profiles."""
    wanted = list(active)
    enabled: dict[str, Any] = {}
    disabled: dict[str, Any] = {}
    for name, service in services.items():
        (enabled if is_active(service, wanted) else disabled)[name] = service
    return enabled, disabled


def enable_named(services: Mapping[str, Any], active: Sequence[str], named: Sequence[str]) -> list[str]:
    """The active profiles once the services named on the command line have added theirs."""
    out = list(active)
    for name in named:
        if name not in services:
            raise LoadError(f"no such service: {name}")
        service = services[name]
        if not is_active(service, out):
            out.extend(p for p in service_profiles(service) if p not in out)
    return out


def all_profiles(services: Mapping[str, Any]) -> list[str]:
    found: set[str] = set()
    for service in services.values():
        found.update(service_profiles(service))
    return sorted(found)


def dependencies(service: Any) -> list[str]:
    """The services ``service`` needs: depends_on, links, volumes_from, ``service:x`` namespaces."""
    if not isinstance(service, Mapping):
        return []
    deps: list[str] = []
    depends_on = service.get("depends_on")
    if isinstance(depends_on, Mapping):
        deps.extend(depends_on)
    elif isinstance(depends_on, list):
        deps.extend(str(d) for d in depends_on)
    for link in service.get("links") or []:
        deps.append(str(link).split(":", 1)[0])
    for source in service.get("volumes_from") or []:
        text = str(source)
        if not text.startswith("container:"):
            deps.append(text.split(":", 1)[0])
    for key in ("network_mode", "ipc", "pid"):
        value = service.get(key)
        if isinstance(value, str) and value.startswith("service:"):
            deps.append(value[len("service:"):])
    return deps


def _optional_dependencies(service: Any) -> set[str]:
    depends_on = service.get("depends_on") if isinstance(service, Mapping) else None
    if not isinstance(depends_on, Mapping):
        return set()
    return {name for name, dep in depends_on.items() if isinstance(dep, Mapping) and dep.get("required") is False}


def select(services: Mapping[str, Any], named: Sequence[str]) -> dict[str, Any]:
    """The named services and everything they depend on, transitively (all when none are named)."""
    if not named:
        return dict(services)
    keep: set[str] = set()
    todo = list(named)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in services:
            raise LoadError(f"no such service: {name}")
        keep.add(name)
        optional = _optional_dependencies(services[name])
        todo.extend(d for d in dependencies(services[name])
                    if d not in keep and not (d in optional and d not in services))
    return {name: svc for name, svc in services.items() if name in keep}
