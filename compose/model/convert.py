"""The canonical project dict -> the typed, immutable ``Project``.

Input: the project the loader produced, in Docker Compose v2's
``config --format json`` shape (long syntax everywhere, relative paths
resolved, resource names set, env files merged into ``environment``). This
module and its private ``_convert_*`` helpers are the only code that knows the
compose format's key names; past this point there are no dicts.

Every problem (a wrong type, an unknown attribute, an unparsable duration) is
collected and raised together as one ``ValidationError`` whose issues carry the
key path, and the file:line:col when a ``SourceMap`` is passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from compose._record import replace
from compose.errors import ValidationError
from compose.load.sourcemap import SourceMap
from compose.model import _convert_service
from compose.model._reader import Issues, Reader
from compose.model.frozen import FrozenMap
from compose.model.hashing import network_config_hash, volume_config_hash
from compose.model.project import Project
from compose.model.resources import FileObject, Ipam, IpamPool, ModelDefinition, Network, Volume

if TYPE_CHECKING:
    from compose.load.options import LoadedProject

TOP_LEVEL_KEYS = frozenset({"name", "services", "networks", "volumes", "secrets", "configs", "models", "version"})
NETWORK_KEYS = frozenset(
    {
        "name", "driver", "driver_opts", "attachable", "enable_ipv4", "enable_ipv6", "external",
        "internal", "ipam", "labels",
    }
)
VOLUME_KEYS = frozenset({"name", "driver", "driver_opts", "external", "labels"})
FILE_OBJECT_KEYS = frozenset(
    {"name", "file", "environment", "content", "external", "labels", "driver", "driver_opts", "template_driver"}
)
MODEL_KEYS = frozenset({"name", "model", "context_size", "runtime_flags"})


def build_project(
    data: Mapping[str, Any],
    *,
    working_dir: str,
    config_files: Sequence[str],
    env_files: Sequence[str] = (),
    environment: Mapping[str, str] | None = None,
    sources: SourceMap | None = None,
) -> Project:
    """The ``Project`` of one canonical project dict; a ``ValidationError`` lists every problem."""
    issues = Issues(sources)
    r = Reader(data, (), issues)
    r.check_keys(TOP_LEVEL_KEYS, "a compose project")
    name = r.text("name")
    if not name:
        r.problem("name", "the project has no name")
        name = ""
    project = Project(
        name=name,
        working_dir=working_dir,
        config_files=tuple(config_files),
        env_files=tuple(env_files),
        environment=FrozenMap(environment or {}),
        services=FrozenMap(
            (key, _convert_service.service(key, sub)) for key, sub in _children(r, "services")
        ),
        networks=FrozenMap((key, _network(name, key, sub)) for key, sub in _children(r, "networks")),
        volumes=FrozenMap((key, _volume(name, key, sub)) for key, sub in _children(r, "volumes")),
        secrets=FrozenMap((key, _file_object(name, key, sub)) for key, sub in _children(r, "secrets")),
        configs=FrozenMap((key, _file_object(name, key, sub)) for key, sub in _children(r, "configs")),
        models=FrozenMap((key, _model(key, sub)) for key, sub in _children(r, "models")),
        extensions=r.extensions(),
    )
    if issues.items:
        raise ValidationError(issues.items)
    return project


def project_from_loaded(loaded: LoadedProject) -> Project:
    """The ``Project`` of what ``compose.load.pipeline.load_project`` returned (disabled services included)."""
    project = build_project(
        loaded.data,
        working_dir=loaded.working_dir,
        config_files=loaded.config_files,
        env_files=loaded.env_files,
        environment=loaded.environment,
        sources=loaded.sources,
    )
    if not loaded.disabled_services:
        return project
    issues = Issues(loaded.sources)
    r = Reader({"services": loaded.disabled_services}, (), issues)
    disabled = FrozenMap((key, _convert_service.service(key, sub)) for key, sub in _children(r, "services"))
    if issues.items:
        raise ValidationError(issues.items)
    return replace(project, disabled=disabled)


def _children(r: Reader, key: str) -> list[tuple[str, Reader]]:
    """The entries of a top-level section; a null entry (``volumes: {data: }``) reads as ``{}``."""
    out = []
    for name, value, path in r.entries(key):
        sub = r.nested({} if value is None else value, path)
        if sub is not None:
            out.append((name, sub))
    return out


def _default_name(project: str, key: str, r: Reader, external: bool) -> str:
    explicit = r.text("name")
    if explicit:
        return explicit
    return key if external else f"{project}_{key}"


def _external(r: Reader) -> bool:
    value = r.raw("external")
    if isinstance(value, Mapping):  # legacy `external: {name: x}`
        return True
    return r.flag("external")


def _network(project: str, key: str, r: Reader) -> Network:
    r.check_keys(NETWORK_KEYS, f"network {key!r}")
    external = _external(r)
    ipam = r.child("ipam")
    return Network(
        key=key,
        name=_legacy_external_name(r) or _default_name(project, key, r, external),
        driver=r.text("driver"),
        driver_opts=r.str_map("driver_opts"),
        attachable=r.flag("attachable"),
        enable_ipv4=r.opt_flag("enable_ipv4"),
        enable_ipv6=r.opt_flag("enable_ipv6"),
        external=external,
        internal=r.flag("internal"),
        ipam=_ipam(ipam) if ipam is not None else Ipam(),
        labels=r.str_map("labels"),
        extensions=r.extensions(),
        config_hash=network_config_hash(r.data),
    )


def _ipam(r: Reader) -> Ipam:
    r.check_keys({"driver", "config", "options"}, "ipam")

    def pool(p: Reader) -> IpamPool:
        p.check_keys({"subnet", "ip_range", "gateway", "aux_addresses"}, "an ipam pool")
        return IpamPool(
            subnet=p.text("subnet"),
            ip_range=p.text("ip_range"),
            gateway=p.text("gateway"),
            aux_addresses=p.str_map("aux_addresses"),
        )

    return Ipam(driver=r.text("driver"), config=r.convert_list("config", pool), options=r.str_map("options"))


def _legacy_external_name(r: Reader) -> str | None:
    value = r.raw("external")
    if isinstance(value, Mapping) and value.get("name"):
        return str(value["name"])
    return None


def _volume(project: str, key: str, r: Reader) -> Volume:
    r.check_keys(VOLUME_KEYS, f"volume {key!r}")
    external = _external(r)
    return Volume(
        key=key,
        name=_legacy_external_name(r) or _default_name(project, key, r, external),
        driver=r.text("driver"),
        driver_opts=r.str_map("driver_opts"),
        external=external,
        labels=r.str_map("labels"),
        extensions=r.extensions(),
        config_hash=volume_config_hash(r.data),
    )


def _file_object(project: str, key: str, r: Reader) -> FileObject:
    r.check_keys(FILE_OBJECT_KEYS, f"{key!r}")
    external = _external(r)
    return FileObject(
        key=key,
        name=_legacy_external_name(r) or _default_name(project, key, r, external),
        file=r.text("file"),
        environment=r.text("environment"),
        content=r.text("content"),
        external=external,
        labels=r.str_map("labels"),
        driver=r.text("driver"),
        driver_opts=r.str_map("driver_opts"),
        template_driver=r.text("template_driver"),
        extensions=r.extensions(),
    )


def _model(key: str, r: Reader) -> ModelDefinition:
    r.check_keys(MODEL_KEYS, f"model {key!r}")
    return ModelDefinition(
        key=key,
        model=r.text("model") or "",
        name=r.text("name"),
        context_size=r.integer("context_size"),
        runtime_flags=r.texts("runtime_flags"),
        extensions=r.extensions(),
    )
