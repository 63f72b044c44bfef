"""Cross-reference checks of a merged, canonical project.

``check_consistency(data, sources, disabled=())`` takes the project after
merge, normalisation and profile selection (Docker Compose v2's ``config
--format json`` shape) and returns every problem Docker Compose v2 rejects
once the files are loaded, each as an ``Issue`` located with ``sources``:

- references to undefined services (depends_on, links, volumes_from,
  ``service:x`` in network_mode/ipc/pid/uts); a ``required: false``
  dependency on a service disabled by profiles (``disabled``) is allowed;
- references to undefined networks, volumes, secrets, configs, build
  secrets and models;
- container_name with more than one replica, or used by two services;
- network_mode together with networks; dockerfile with dockerfile_inline;
  a service with neither image, build nor provider;
- secrets/configs with no source or several, external volumes with driver
  settings; ``count`` with ``device_ids``; sync watch rules with no target;
  a negative scale; ``cpus``/``mem_limit``/``pids_limit``/``scale`` set to
  other values than their ``deploy`` counterparts; mounts with no target,
  bind mounts with no source; ports with no target.

Messages use v2's wording where it is clear, and always carry the key path.
Dependency cycles are found on the model's graph (``compose.graph.loading``): this
package sits below the graph.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from compose.errors import Issue
from compose.load.sourcemap import KeyPath, SourceMap, format_path

Finding = tuple[KeyPath, str]

# Attributes whose "service:NAME" value makes the service depend on NAME.
_NAMESPACE_KEYS = ("network_mode", "ipc", "pid", "uts")
_SYNC_ACTIONS = frozenset({"sync", "sync+restart", "sync+exec"})
_TWINS = (
    # (service attribute, path under the service in deploy, v2's name for it)
    (("cpus",), ("deploy", "resources", "limits", "cpus"), "deploy.resources.limits.cpus"),
    (("mem_limit",), ("deploy", "resources", "limits", "memory"), "deploy.resources.limits.memory"),
    (("pids_limit",), ("deploy", "resources", "limits", "pids"), "deploy.resources.limits.pids"),
    (("scale",), ("deploy", "replicas"), "deploy.replicas"),
)


def check_consistency(
    data: Mapping[str, Any], sources: SourceMap, disabled: Collection[str] = ()
) -> list[Issue]:
    """Every cross-reference problem of a canonical project; ``disabled`` names services turned off by profiles."""
    project = _Project(data, frozenset(disabled))
    findings: list[Finding] = []
    for name, service in project.services.items():
        base: KeyPath = ("services", name)
        findings += _service_references(project, name, service, base)
        findings += _resource_references(project, name, service, base)
        findings += _service_rules(name, service, base)
    findings += _container_names(project)
    findings += _top_level_rules(project)
    return _issues(findings, sources)


class _Project:
    """Read-only views of the parts of the project dict the checks use."""

    def __init__(self, data: Mapping[str, Any], disabled: frozenset[str]) -> None:
        self.services: Mapping[str, Mapping[str, Any]] = _mapping(data.get("services"))
        self.networks = _mapping(data.get("networks"))
        self.volumes = _mapping(data.get("volumes"))
        self.secrets = _mapping(data.get("secrets"))
        self.configs = _mapping(data.get("configs"))
        self.models = _mapping(data.get("models"))
        self.disabled = disabled


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _issues(findings: list[Finding], sources: SourceMap) -> list[Issue]:
    out: list[Issue] = []
    seen: set[Finding] = set()
    for path, message in findings:
        if (path, message) not in seen:
            seen.add((path, message))
            out.append(Issue(sources.locate(path), format_path(path), message))
    return out


# --- services referring to services -------------------------------------------------------


def dependencies(service: Mapping[str, Any]) -> Iterator[tuple[str, KeyPath, bool]]:
    """``(service name, key path under the service, required)`` for every service this one needs.

    Implicit dependencies (links, volumes_from, ``service:x`` namespaces) come first, so a
    problem points at the attribute that created it rather than at the depends_on entry
    Compose derived from it.
    """
    for index, link in enumerate(_items(service.get("links"))):
        if isinstance(link, str):
            yield link.split(":", 1)[0], ("links", index), True
    for index, source in enumerate(_items(service.get("volumes_from"))):
        if isinstance(source, str) and not source.startswith("container:"):
            yield source.split(":", 1)[0], ("volumes_from", index), True
    for key in _NAMESPACE_KEYS:
        value = service.get(key)
        if isinstance(value, str) and value.startswith("service:"):
            yield value[len("service:") :], (key,), True
    depends_on = service.get("depends_on")
    if isinstance(depends_on, Mapping):
        for dep, spec in depends_on.items():
            required = not (isinstance(spec, Mapping) and spec.get("required") is False)
            yield dep, ("depends_on", dep), required
    else:
        for index, dep in enumerate(_items(depends_on)):
            if isinstance(dep, str):
                yield dep, ("depends_on", index), True


def _service_references(
    project: _Project, name: str, service: Mapping[str, Any], base: KeyPath
) -> Iterator[Finding]:
    reported: set[str] = set()
    for dep, path, required in dependencies(service):
        if dep in project.services or dep in reported:
            continue
        if dep in project.disabled and not required:
            continue
        reported.add(dep)
        yield (*base, *path), f'service "{name}" depends on undefined service "{dep}"'


def _container_names(project: _Project) -> Iterator[Finding]:
    owners: dict[str, str] = {}
    for name, service in project.services.items():
        container = service.get("container_name")
        if not isinstance(container, str):
            continue
        if container in owners:
            yield (
                ("services", name, "container_name"),
                f'container name "{container}" is already in use by service "{owners[container]}"',
            )
        else:
            owners[container] = name
        for path, count in _replica_counts(service):
            if count > 1:
                yield (
                    ("services", name, *path),
                    f"can't set container_name and {count} replicas: a container name must be unique"
                    f" (service {name!r})",
                )


def _replica_counts(service: Mapping[str, Any]) -> Iterator[tuple[KeyPath, int]]:
    scale = service.get("scale")
    if isinstance(scale, int) and not isinstance(scale, bool):
        yield ("scale",), scale
    replicas = _mapping(service.get("deploy")).get("replicas")
    if isinstance(replicas, int) and not isinstance(replicas, bool):
        yield ("deploy", "replicas"), replicas


# --- services referring to resources -------------------------------------------------------


def _resource_references(
    project: _Project, name: str, service: Mapping[str, Any], base: KeyPath
) -> Iterator[Finding]:
    who = f'service "{name}" refers to undefined'
    networks = service.get("networks")
    for key, path in _names(networks, ("networks",)):
        if key not in project.networks and key != "default":
            yield (*base, *path), f"{who} network {key}"
    for index, mount in enumerate(_items(service.get("volumes"))):
        if isinstance(mount, Mapping) and mount.get("type") == "volume":
            source = mount.get("source")
            if isinstance(source, str) and source and source not in project.volumes:
                yield (*base, "volumes", index, "source"), f"{who} volume {source}"
    for kind, defined in (("secret", project.secrets), ("config", project.configs)):
        for source, path in _file_refs(service.get(kind + "s"), (kind + "s",)):
            if source not in defined:
                yield (*base, *path), f"{who} {kind} {source}"
    build = _mapping(service.get("build"))
    for source, path in _file_refs(build.get("secrets"), ("build", "secrets")):
        if source not in project.secrets:
            yield (*base, *path), f"{who} build secret {source}"
    for key, path in _names(service.get("models"), ("models",)):
        if key not in project.models:
            yield (*base, *path), f"{who} model {key}"


def _names(value: Any, path: KeyPath) -> Iterator[tuple[str, KeyPath]]:
    """Names in a list-or-mapping attribute (networks, models), with their key paths."""
    if isinstance(value, Mapping):
        for key in value:
            yield str(key), (*path, key)
    else:
        for index, item in enumerate(_items(value)):
            if isinstance(item, str):
                yield item, (*path, index)


def _file_refs(value: Any, path: KeyPath) -> Iterator[tuple[str, KeyPath]]:
    """Sources of secrets/configs granted to a service (short names or long mappings)."""
    for index, item in enumerate(_items(value)):
        if isinstance(item, str):
            yield item, (*path, index)
        elif isinstance(item, Mapping):
            source = item.get("source")
            # v2 reads a long form with no source as the (undefined) name "".
            yield (source, (*path, index, "source")) if isinstance(source, str) else ("", (*path, index))


# --- rules within one service ----------------------------------------------------------------


def _service_rules(name: str, service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    yield from _exclusive_attributes(name, service, base)
    yield from _mounts_and_ports(service, base)
    yield from _device_requests(service, base)
    yield from _watch_targets(service, base)
    yield from _counts(service, base)


def _exclusive_attributes(name: str, service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    if service.get("network_mode") and service.get("networks"):
        yield (
            (*base, "networks"),
            f"service {name} declares mutually exclusive `network_mode` and `networks`",
        )
    build = service.get("build")
    if isinstance(build, Mapping) and build.get("dockerfile") and build.get("dockerfile_inline"):
        yield (
            (*base, "build", "dockerfile_inline"),
            f'service "{name}" declares mutually exclusive dockerfile and dockerfile_inline',
        )
    if not service.get("image") and build is None and service.get("provider") is None:
        yield base, f'service "{name}" has neither an image nor a build context specified'


def _mounts_and_ports(service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    for index, mount in enumerate(_items(service.get("volumes"))):
        if not isinstance(mount, Mapping):
            continue
        path = (*base, "volumes", index)
        if not mount.get("target"):
            yield path, "service volume is missing a mount target (the path inside the container)"
        if mount.get("type") == "bind" and not mount.get("source"):
            yield path, 'invalid mount config for type "bind": field Source must not be empty'
    for index, port in enumerate(_items(service.get("ports"))):
        if isinstance(port, Mapping) and port.get("target") in (None, ""):
            yield (*base, "ports", index), "service port is missing a target port (the container port)"


def _device_requests(service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    reservations = _mapping(_mapping(_mapping(service.get("deploy")).get("resources")).get("reservations"))
    lists = (
        (("deploy", "resources", "reservations", "devices"), reservations.get("devices")),
        (("gpus",), service.get("gpus")),
    )
    for path, requests in lists:
        for index, request in enumerate(_items(requests)):
            if isinstance(request, Mapping) and "count" in request and "device_ids" in request:
                yield (*base, *path, index), '"count" and "device_ids" attributes are exclusive'


def _watch_targets(service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    for index, rule in enumerate(_items(_mapping(service.get("develop")).get("watch"))):
        if isinstance(rule, Mapping) and rule.get("action") in _SYNC_ACTIONS and not rule.get("target"):
            yield (
                (*base, "develop", "watch", index),
                f"target is required for {rule['action']!r} (non-rebuild) watch actions",
            )


def _counts(service: Mapping[str, Any], base: KeyPath) -> Iterator[Finding]:
    for path, count in _replica_counts(service):
        if count < 0:
            yield (*base, *path), f"must be greater than or equal to 0, not {count}"
    for own, deployed, deployed_name in _TWINS:
        mine, theirs = _get(service, own), _get(service, deployed)
        if mine is not None and theirs is not None and not _same(mine, theirs):
            yield (
                (*base, *own),
                f"can't set distinct values on '{own[0]}' and '{deployed_name}' ({mine} and {theirs})",
            )


def _same(a: Any, b: Any) -> bool:
    """Equal values, comparing numbers written as strings by their value (``"0.5"`` and ``0.5``)."""
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return bool(a == b)


def _get(tree: Any, path: KeyPath) -> Any:
    for key in path:
        if not isinstance(tree, Mapping):
            return None
        tree = tree.get(key)
    return tree


# --- top-level resources ---------------------------------------------------------------------


def _top_level_rules(project: _Project) -> Iterator[Finding]:
    for kind, defined, sources in (
        ("secrets", project.secrets, ("file", "environment")),
        ("configs", project.configs, ("file", "environment", "content")),
    ):
        for name, spec in defined.items():
            yield from _one_source(kind, name, _mapping(spec), sources)
    for name, spec in project.volumes.items():
        volume = _mapping(spec)
        if _truthy(volume.get("external")):
            for key in ("driver", "driver_opts", "labels"):
                if volume.get(key):
                    yield (
                        ("volumes", name, key),
                        f'conflicting parameters "external" and "{key}" specified',
                    )


def _one_source(kind: str, name: str, spec: Mapping[str, Any], keys: tuple[str, ...]) -> Iterator[Finding]:
    if _truthy(spec.get("external")):
        return
    present = [k for k in keys if spec.get(k) is not None]
    choices = "|".join(keys)
    if not present:
        yield (kind, name), f"one of {choices} must be set"
    elif len(present) > 1:
        yield (kind, name, present[1]), f"{choices} attributes are mutually exclusive"


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)
