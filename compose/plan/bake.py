"""``build --print``: the build definition as the bake file Docker Compose v2 prints (pure).

v2 builds through ``docker buildx bake`` and ``build --print`` prints the file it would
hand to bake instead of building (even without buildx: pycompose prints the same file,
and builds nothing). Its shape is v2's ``bakeConfig``: ``{"group": {"default": {"targets":
[...]}}, "target": {name: {...}}}``, one target per service with ``build:`` (the services
asked for, their ``additional_contexts: service:`` sources, and what they depend on), the
group listing those to build. Each target's keys come in v2's order (its Go struct's);
empty ones are left out, as ``omitempty`` leaves them.

Where v2 iterates Go maps (the group's targets, ``ulimits``), the order here is sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from compose._record import field, record, replace
from compose._version import COMPOSE_VERSION
from compose.model.frozen import FrozenMap
from compose.model.project import Project
from compose.model.service import Service

__all__ = ["BakeOptions", "bake_file", "build_dependencies", "parse_ssh_flag"]

SERVICE_PREFIX = "service:"


def _no_args() -> Mapping[str, str | None]:
    return {}


@record
class BakeOptions:
    """The ``build`` flags the bake file shows."""

    build_args: Mapping[str, str | None] = field(default_factory=_no_args)
    """``--build-arg`` (a None value comes from the project's environment)."""
    no_cache: bool = False
    pull: bool = False
    push: bool = False
    check: bool = False
    """``--check``: each target calls ``lint`` instead of producing an image."""
    ssh: tuple[str, ...] = ()
    """``--ssh`` entries (``id=path``, ``default``), added to every target's own."""
    with_dependencies: bool = False


def parse_ssh_flag(value: str) -> str:
    """``--ssh`` as v2 reads it: ``id=path``, or ``default`` (the agent of SSH_AUTH_SOCK); an empty
    value means ``default``. Anything else is v2's "invalid ssh key" error (a ``ValueError``)."""
    if value == "":
        return "default"
    key, sep, _ = value.partition("=")
    if not sep and key != "default":
        raise ValueError(f"invalid ssh key {value!r}")
    return value


def build_dependencies(project: Project, names: Iterable[str]) -> tuple[str, ...]:
    """``names`` and the services their ``additional_contexts`` name as ``service:<name>``, transitively
    (v2's addBuildDependencies), in a stable order."""
    found = list(dict.fromkeys(names))
    every = {**dict(project.disabled), **dict(project.services)}
    index = 0
    while index < len(found):
        service = every.get(found[index])
        index += 1
        if service is None or service.build is None:
            continue
        for source in service.build.additional_contexts.values():
            if source.startswith(SERVICE_PREFIX):
                name = source[len(SERVICE_PREFIX):]
                if name not in found:
                    found.append(name)
    return tuple(found)


def bake_file(project: Project, services: Iterable[str], options: BakeOptions) -> dict[str, Any] | None:
    """The bake file of building ``services`` (none: every service) of ``project`` (loaded with every
    service); None when none of them has a ``build:`` section (v2 then prints nothing)."""
    asked = tuple(services) or tuple(project.services)
    selected = build_dependencies(project, asked)
    for name in selected:
        if name not in project.services and name not in project.disabled:
            project.service(name)  # an unknown name: the UsageError
    # v2 enables what the build needs (an additional context's service left out by its profile)
    enabled = {name: project.disabled[name] for name in selected if name not in project.services}
    if enabled:
        project = replace(project, services=FrozenMap({**dict(project.services), **enabled}))
    scope = project.dependencies(selected)
    wanted = scope if options.with_dependencies else selected
    building = sorted(name for name in wanted if project.services[name].build is not None)
    if not building:
        return None
    targets = {name: _target_name(name) for name in project.services}
    target = {targets[name]: _target(project, project.services[name], targets, options)
              for name in sorted(scope) if project.services[name].build is not None}
    return {"group": {"default": {"targets": [targets[name] for name in building]}},
            "target": dict(sorted(target.items()))}


def _target_name(service: str) -> str:
    return service.replace(".", "_")


def _target(project: Project, service: Service, targets: Mapping[str, str], options: BakeOptions) -> dict[str, Any]:
    build = service.build
    assert build is not None
    image = service.image_or_default(project.name)
    labels = {**dict(build.labels), "com.docker.compose.version": COMPOSE_VERSION,
              "com.docker.compose.project": project.name, "com.docker.compose.service": service.name}
    push = options.push and bool(service.image)
    outputs: list[str] = []
    call = ""
    if options.check:
        call = "lint"
    elif len(build.platforms) > 1:
        outputs = [f"type=image,push={'true' if push else 'false'}"]
    else:
        outputs = ["type=registry" if push else "type=docker"]
    entitlements = list(build.entitlements)
    if build.privileged:
        entitlements.append("security.insecure")
    hosts: dict[str, list[str]] = {}
    for host in build.extra_hosts:
        hosts.setdefault(host.host, []).append(host.ip)
    out: dict[str, Any] = {
        "context": build.context,
        "contexts": dict(sorted((key, _context(value, targets)) for key, value in build.additional_contexts.items())),
        "dockerfile": _dockerfile_path(build.context, build.dockerfile) if build.dockerfile_inline is None else "",
        "dockerfile-inline": _escape(build.dockerfile_inline or ""),
        "args": dict(sorted(_args(project, service, options).items())),
        "labels": dict(sorted(labels.items())),
        "tags": [*build.tags, image],
        "cache-from": list(build.cache_from),
        "cache-to": list(build.cache_to),
        "target": build.target or "",
        "secret": _secrets(project, service),
        "ssh": [_ssh(entry) for entry in (*_default_last(build.ssh), *options.ssh)],
        "platforms": list(build.platforms),
        "pull": build.pull or options.pull,
        "no-cache": build.no_cache or options.no_cache,
        "network": build.network or "",
        "shm-size": str(build.shm_size) if build.shm_size else "",
        "ulimits": [f"{name}={u.soft}" if u.soft == u.hard else f"{name}={u.soft}:{u.hard}"
                    for name, u in sorted(build.ulimits.items())],
        "call": call,
        "entitlements": entitlements,
        "extra-hosts": {host: ",".join(ips) for host, ips in sorted(hosts.items())},
        "output": outputs,
        "attest": _attest(build.provenance, "provenance") + _attest(build.sbom, "sbom"),
    }
    return {key: value for key, value in out.items() if value}


def _context(value: str, targets: Mapping[str, str]) -> str:
    if value.startswith(SERVICE_PREFIX):
        return "target:" + targets.get(value[len(SERVICE_PREFIX):], "")
    return value


def _args(project: Project, service: Service, options: BakeOptions) -> dict[str, str]:
    assert service.build is not None
    out: dict[str, str] = {}
    for key, value in {**dict(service.build.args), **dict(options.build_args)}.items():
        resolved = value if value is not None else project.environment.get(key)
        if resolved is not None:
            out[key] = _escape(resolved)
    return out


def _escape(text: str) -> str:
    """Bake interpolates ``${...}``: v2 doubles the ``$`` so the value reaches the build as written."""
    return text.replace("${", "$${")


def _secrets(project: Project, service: Service) -> list[str]:
    assert service.build is not None
    out = []
    for ref in service.build.secrets:
        definition = project.secrets.get(ref.source)
        target = ref.target or ref.source
        if definition is None:
            continue
        if definition.environment:
            out.append(f"id={target},type=env,env={definition.environment}")
        elif definition.file:
            out.append(f"id={target},type=file,src={definition.file}")
    return out


def _default_last(entries: Iterable[str]) -> list[str]:
    """v2's loader lists ``build.ssh`` with the ``default`` agent after the named keys."""
    return sorted(entries, key=lambda entry: entry.partition("=")[0] == "default")


def _ssh(entry: str) -> str:
    key, _, path = entry.partition("=")
    return f"{key}={path}"


def _attest(value: str | None, kind: str) -> list[str]:
    if not value or value == "false":
        return []
    return [f"type={kind}"] if value == "true" else [f"type={kind},{value}"]


def _dockerfile_path(context: str, dockerfile: str | None) -> str:
    """v2's dockerFilePath: the Dockerfile joined to a local context (its directory's symlinks
    resolved); as written for a remote context."""
    import os

    if not dockerfile:
        return ""
    if "://" in context or context.startswith(("git@", "github.com/")):
        return dockerfile
    path = dockerfile if os.path.isabs(dockerfile) else os.path.join(context, dockerfile)
    path = os.path.normpath(path)
    directory = os.path.dirname(path)
    if os.path.exists(directory):
        return os.path.join(os.path.realpath(directory), os.path.basename(path))
    return path
