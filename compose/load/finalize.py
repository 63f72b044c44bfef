"""The merged project -> the exact shape Docker Compose v2's ``config`` prints.

``finalize(data, ctx)`` runs once, on the merged canonical dict (see
canonical.py), in this order:

1. always (v2 does these even with ``--no-normalize``): ``build.context``
   defaults to ``.`` (``apply_defaults``); ``environment`` entries without a
   value take it from ``ctx.environment``; ``scale`` sets
   ``deploy.replicas`` when there is a ``deploy`` section; mount targets are
   cleaned like Go's ``path.Clean``; a mount without a target or a bind mount
   without a source is refused;
2. normalisation (``ctx.normalize``, off with ``--no-normalize``): the
   implicit ``default`` network and ``networks: {default: null}`` on services
   without networks, ``network_mode`` or ``provider``; ``pull_policy:
   if_not_present`` -> ``missing``; ``dockerfile: Dockerfile`` and build args
   resolved from the environment (unresolved ones dropped); implicit
   ``depends_on`` from links, ``volumes_from`` and ``service:x`` namespaces;
   resource names (``<project>_<key>``, the key itself for external
   resources, or the explicit ``name``);
3. relative paths resolved against ``ctx.working_dir`` (``ctx.resolve_paths``,
   off with ``--no-path-resolution``), see paths.py;
4. networks, volumes, secrets and configs that no service uses are dropped
   (``ctx.prune_unused``; ``without_unused_resources`` on its own);
5. every value typed and printed as v2's Go structs print it (``typed``,
   idempotent; tables in _canon_types): durations ``1m30s``, byte sizes
   ``"536870912"``, ``command: null``, zero values omitted, struct fields in
   Go's order, map keys sorted. Values that do not fit their type are located
   ``ValidationError`` issues.

The result keeps ``x-*`` keys everywhere (v2's YAML prints them);
``json_document`` is the ``--format json`` view (extensions only at the top
level, no ``models``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose._record import field, record
from compose.errors import Issue, ValidationError
from compose.load import _canon_types as types
from compose.load._canon_values import clean_path
from compose.load.paths import resolve_paths
from compose.load.sourcemap import SourceMap, format_path

_RESOURCES = ("networks", "volumes", "secrets", "configs")
_NAMESPACES = ("network_mode", "ipc", "pid", "uts", "cgroup")


@record
class FinalizeContext:
    """What finalize needs to know about the project besides its dict.

    ``environment`` is the project environment (shell + .env files): it fills
    ``environment``/``build.args`` entries given without a value. ``home_dir``
    expands ``~`` (default: ``environment["HOME"]``).
    """

    project_name: str
    working_dir: str
    environment: Mapping[str, str] = field(default_factory=dict)
    normalize: bool = True
    resolve_paths: bool = True
    prune_unused: bool = True
    home_dir: str | None = None
    sources: SourceMap | None = None
    """Where each key was written, to locate values that do not fit their type."""

    @property
    def home(self) -> str | None:
        return self.home_dir if self.home_dir is not None else self.environment.get("HOME")


def finalize(data: dict[str, Any], ctx: FinalizeContext) -> dict[str, Any]:
    """The project as v2 prints it (a new dict; ``data`` is not modified)."""
    out = apply_defaults(data)
    out["name"] = ctx.project_name
    out["services"] = {n: _resolve_environment(s, ctx) for n, s in _services(out).items()}
    _check_mounts(out["services"], ctx.sources)
    if ctx.normalize:
        out = normalize(out, ctx)
    if ctx.resolve_paths:
        out = resolve_paths(out, ctx.working_dir, ctx.home)
    if ctx.prune_unused:
        out = without_unused_resources(out)
    return typed(out, ctx.sources)


def apply_defaults(data: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults v2 sets on a merged project even with ``--no-normalize``: ``build.context`` is ``.``.

    Call it on a complete (merged) project before resolving its paths, e.g. on an
    included project before its paths are resolved against its own directory.
    """
    out = dict(data)
    if isinstance(out.get("services"), dict):
        out["services"] = {name: _with_build_context(svc) for name, svc in out["services"].items()}
    return out


def _with_build_context(service: Any) -> Any:
    if isinstance(service, dict) and isinstance(service.get("build"), dict) and service["build"].get("context") is None:
        return {**service, "build": {**service["build"], "context": "."}}
    return service


def _services(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    services = data.get("services") or {}
    return {name: dict(svc or {}) for name, svc in services.items()}


# --------------------------------------------------------------------------
# environment
# --------------------------------------------------------------------------


def _check_mounts(services: Mapping[str, Mapping[str, Any]], sources: SourceMap | None) -> None:
    """Every mount has a target; a bind mount has a source (v2 refuses the project otherwise)."""
    issues: list[Issue] = []
    for name, svc in services.items():
        for i, mount in enumerate(svc.get("volumes") or ()):
            if not isinstance(mount, dict):
                continue
            path = ("services", name, "volumes", i)
            if "target" not in mount:
                issues.append(_issue(path, "is missing a mount target", sources))
            elif mount.get("type") == "bind" and mount.get("source") is None:
                issues.append(_issue(path, 'invalid mount config for type "bind": field Source must not be empty', sources))
    if issues:
        raise ValidationError(issues)


def _issue(path: tuple[str | int, ...], message: str, sources: SourceMap | None) -> Issue:
    return Issue(sources.locate(path) if sources else None, format_path(path), message)


def _clean_targets(service: dict[str, Any]) -> dict[str, Any]:
    mounts = service.get("volumes")
    if not isinstance(mounts, list):
        return service
    cleaned = [_clean_target(m) for m in mounts]
    return {**service, "volumes": cleaned}


def _clean_target(mount: Any) -> Any:
    if not isinstance(mount, dict) or not isinstance(mount.get("target"), str):
        return mount
    return {**mount, "target": clean_path(mount["target"])}


def _scale_to_replicas(service: dict[str, Any]) -> dict[str, Any]:
    """``scale`` with a ``deploy`` section sets ``deploy.replicas`` (v2 keeps the two in step)."""
    if service.get("scale") is not None and isinstance(service.get("deploy"), dict):
        return {**service, "deploy": {**service["deploy"], "replicas": service["scale"]}}
    return service


def _resolve_environment(service: dict[str, Any], ctx: FinalizeContext) -> dict[str, Any]:
    service = _clean_targets(_scale_to_replicas(service))
    env = service.get("environment")
    if not isinstance(env, dict):
        return service
    resolved = {k: (ctx.environment.get(k) if v is None else v) for k, v in env.items()}
    return {**service, "environment": resolved}


def _resolve_build_args(build: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    args = build.get("args")
    if not isinstance(args, dict):
        return build
    resolved = {k: (v if v is not None else env.get(k)) for k, v in args.items()}
    return {**build, "args": {k: v for k, v in resolved.items() if v is not None}}


# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------


def normalize(data: dict[str, Any], ctx: FinalizeContext) -> dict[str, Any]:
    """Defaults v2 adds unless ``--no-normalize`` (see the module docstring, step 2)."""
    out = dict(data)
    services = {name: _normalize_service(svc, ctx) for name, svc in _services(out).items()}
    services, uses_default = _default_networks(services)
    out["services"] = services
    networks = dict(out.get("networks") or {})
    if uses_default and "default" not in networks:
        networks["default"] = None
    if networks:
        out["networks"] = networks
    for kind in _RESOURCES:
        if isinstance(out.get(kind), dict):
            out[kind] = {key: _named(key, res, ctx.project_name) for key, res in out[kind].items()}
    return out


def _normalize_service(service: dict[str, Any], ctx: FinalizeContext) -> dict[str, Any]:
    svc = dict(service)
    if svc.get("pull_policy") == "if_not_present":
        svc["pull_policy"] = "missing"
    build = svc.get("build")
    if isinstance(build, dict):
        build = dict(build)
        if build.get("dockerfile") is None and build.get("dockerfile_inline") is None:
            build["dockerfile"] = "Dockerfile"
        svc["build"] = _resolve_build_args(build, ctx.environment)
    deps = _implicit_dependencies(svc)
    if deps:
        svc["depends_on"] = deps
    return svc


def _implicit_dependencies(svc: dict[str, Any]) -> dict[str, Any]:
    deps = dict(svc.get("depends_on") or {})
    for link in svc.get("links") or ():
        name = str(link).split(":")[0] if len(str(link).split(":")) == 2 else str(link)
        deps.setdefault(name, {"condition": "service_started", "restart": True, "required": True})
    for key in _NAMESPACES:
        ref = svc.get(key)
        if isinstance(ref, str) and ref.startswith("service:"):
            deps.setdefault(ref[len("service:") :], {"condition": "service_started", "restart": True, "required": True})
    for ref in svc.get("volumes_from") or ():
        if not str(ref).startswith("container:"):
            deps.setdefault(str(ref).split(":")[0], {"condition": "service_started", "required": True})
    return deps


def _default_networks(services: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], bool]:
    uses_default = False
    out: dict[str, dict[str, Any]] = {}
    for name, svc in services.items():
        if "provider" in svc or "network_mode" in svc:
            out[name] = svc
            continue
        nets = svc.get("networks")
        if not nets:
            svc = {**svc, "networks": {"default": None}}
            uses_default = True
        elif "default" in nets:
            uses_default = True
        out[name] = svc
    return out, uses_default


def _named(key: str, resource: Any, project: str) -> dict[str, Any]:
    res = dict(resource or {})
    if res.get("name") is None:
        res["name"] = key if res.get("external") is True else f"{project}_{key}"
    return res


# --------------------------------------------------------------------------
# unused resources
# --------------------------------------------------------------------------


def without_unused_resources(data: dict[str, Any]) -> dict[str, Any]:
    """Drop networks, volumes, secrets and configs no service refers to (v2's config does)."""
    used: dict[str, set[str]] = {kind: set() for kind in _RESOURCES}
    for svc in _services(data).values():
        _collect_uses(svc, used)
    out = dict(data)
    for kind in _RESOURCES:
        if isinstance(out.get(kind), dict):
            kept = {k: v for k, v in out[kind].items() if k in used[kind]}
            if kept:
                out[kind] = kept
            else:
                del out[kind]
    return out


def _collect_uses(svc: Mapping[str, Any], used: dict[str, set[str]]) -> None:
    nets = svc.get("networks")
    if isinstance(nets, dict):
        used["networks"].update(nets)
    for mount in svc.get("volumes") or ():
        if isinstance(mount, dict) and mount.get("type") == "volume" and mount.get("source"):
            used["volumes"].add(str(mount["source"]))
    for kind in ("secrets", "configs"):
        for ref in svc.get(kind) or ():
            if isinstance(ref, dict) and ref.get("source"):
                used[kind].add(str(ref["source"]))
    build = svc.get("build")
    if isinstance(build, dict):
        for ref in build.get("secrets") or ():
            if isinstance(ref, dict) and ref.get("source"):
                used["secrets"].add(str(ref["source"]))


# --------------------------------------------------------------------------
# typing and printing
# --------------------------------------------------------------------------


def typed(data: dict[str, Any], sources: SourceMap | None = None) -> dict[str, Any]:
    """Every value converted to the type v2 prints; zero values omitted; map keys sorted."""
    issues: list[Issue] = []
    out: dict[str, Any] = {}
    for key in sorted({*data, "services"}):
        value = data.get(key)
        kind = types.PROJECT_ELEMENTS.get(key)
        if kind is None:
            if key.startswith("x-"):
                out[key] = value
            continue
        if key == "configs" and isinstance(value, dict):
            value = {k: _config_without_env_content(v) for k, v in value.items()}
        try:
            converted = kind.convert(value)
        except types.ConvertError as exc:
            path = (key, *exc.path)
            issues.append(Issue(sources.locate(path) if sources else None, format_path(path), exc.message))
            continue
        except (ValueError, TypeError) as exc:
            issues.append(Issue(sources.locate((key,)) if sources else None, key, str(exc)))
            continue
        if converted is not types.OMIT:
            out[key] = converted
        elif key == "services":
            out[key] = {}
    if issues:
        raise ValidationError(issues)
    return out


def _config_without_env_content(config: Any) -> Any:
    if isinstance(config, dict) and config.get("environment"):
        return {k: v for k, v in config.items() if k != "content"}
    return config


def json_document(data: Mapping[str, Any]) -> dict[str, Any]:
    """What ``config --format json`` prints: extensions only at the top level, no ``models``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = types.PROJECT_ELEMENTS.get(key)
        if key == "models":
            continue
        out[key] = kind.strip(value) if kind is not None else value
    return out
