"""The shapes Docker Compose v2 prints, as a table of typed fields.

v2 decodes the merged compose dict into compose-go's Go structs and prints
them with encoding/json. The printed shape is therefore fixed by those
structs: the field order, which scalar type each value gets (``"536870912"``
for a byte size, ``"1m30s"`` for a duration, ``1.5`` for a float32), and
``omitempty`` (a ``false``, ``0`` or ``""`` is not printed, a value struct
such as ``ipam`` always is). This module describes those structs as data
(``Struct`` of ``Field``s) and ``Kind.convert`` turns a canonical value into
the printed one. Keys unknown to a struct are dropped, ``x-*`` keys are kept
(the JSON printer removes nested ones: see ``finalize.json_document``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compose.load import _canon_values as values


class Omit:
    """Sentinel: the field is omitted (Go ``omitempty`` of a zero value)."""


class ConvertError(ValueError):
    """A value that does not fit its Go type; ``path`` is where, relative to the converted value."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _at(key: str | int, convert: Callable[[Any], Any], value: Any) -> Any:
    """``convert(value)``; a failure is re-raised with ``key`` prepended to its path."""
    try:
        return convert(value)
    except ConvertError as exc:
        raise ConvertError(exc.message, (key, *exc.path)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ConvertError(str(exc), (key,)) from None


OMIT = Omit()


class Kind:
    """How one Go type converts and prints; ``convert`` returns ``OMIT`` for an omitted zero value."""

    def convert(self, value: Any) -> Any:
        raise NotImplementedError

    def missing(self) -> Any:
        """The value printed for an absent field that has no ``omitempty``."""
        return None

    def strip(self, value: Any) -> Any:
        """``value`` (as printed by ``convert``) without the ``x-*`` keys of structs."""
        return value


@dataclass(frozen=True, slots=True)
class Scalar(Kind):
    """A Go scalar: ``parse`` gives the printed value; ``keep_zero`` for pointers (``*int``, ``*bool``)."""

    parse: Callable[[Any], Any]
    zero: Any = None
    keep_zero: bool = False

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        out = self.parse(value)
        if not self.keep_zero and out == self.zero:
            return OMIT
        return out


@dataclass(frozen=True, slots=True)
class Passthrough(Kind):
    def convert(self, value: Any) -> Any:
        return OMIT if value is None else value


@dataclass(frozen=True, slots=True)
class ListOf(Kind):
    item: Kind
    keep_empty: bool = False

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, list):
            value = [value]
        out = [_at(i, self._one, v) for i, v in enumerate(value)]
        if not out and not self.keep_empty:
            return OMIT
        return out

    def strip(self, value: Any) -> Any:
        return [self.item.strip(v) for v in value] if isinstance(value, list) else value

    def _one(self, value: Any) -> Any:
        return _item(self.item, value)


@dataclass(frozen=True, slots=True)
class MapOf(Kind):
    """``map[string]X`` (sorted keys, as Go prints maps); ``None`` values stay ``None`` when ``nullable``."""

    item: Kind
    nullable: bool = True

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {type(value).__name__}")
        out: dict[str, Any] = {}
        for key in sorted(value, key=str):
            item = value[key]
            if item is None and self.nullable:
                out[str(key)] = None
            else:
                out[str(key)] = _at(str(key), self._one, item)
        return out or OMIT

    def strip(self, value: Any) -> Any:
        return {k: self.item.strip(v) for k, v in value.items()} if isinstance(value, dict) else value

    def _one(self, value: Any) -> Any:
        return _item(self.item, value)


def _item(kind: Kind, value: Any) -> Any:
    """A list/map item is always printed, even when it is a zero value."""
    out = kind.convert(value)
    if out is OMIT:
        if isinstance(kind, Struct):
            return kind.missing()
        if isinstance(kind, Scalar):
            return kind.zero if value is not None else None
        return kind.missing() if value is None else value
    return out


@dataclass(frozen=True, slots=True)
class Field:
    """A struct field: input key, printed kind, printed name, and ``always`` for fields without omitempty."""

    key: str
    kind: Kind
    out: str = ""
    always: bool = False


@dataclass(frozen=True, slots=True)
class Struct(Kind):
    """A Go struct: its fields in declaration order (the printed key order)."""

    fields: tuple[Field, ...]
    drop: frozenset[str] = frozenset()
    _index: dict[str, tuple[int, Field]] = field(init=False, repr=False, compare=False)
    _always: tuple[tuple[int, Field], ...] = field(init=False, repr=False, compare=False)
    _by_out: dict[str, Kind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {f.key: (i, f) for i, f in enumerate(self.fields) if f.key not in self.drop}
        # printed names are accepted too, so converting a converted value changes nothing
        index.update({f.out: (i, f) for i, f in enumerate(self.fields) if f.out and f.key not in self.drop})
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_always", tuple(entry for entry in index.values() if entry[1].always))
        object.__setattr__(self, "_by_out", {f.out or f.key: f.kind for f in self.fields})

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {type(value).__name__}")
        found: list[tuple[int, str, Any]] = []
        extensions: list[tuple[str, Any]] = []
        for key, item in value.items():
            entry = self._index.get(key)
            if entry is None:
                if isinstance(key, str) and key.startswith("x-"):
                    extensions.append((key, item))
                continue
            pos, f = entry
            converted = _at(key, f.kind.convert, item)
            if converted is OMIT:
                if not f.always:
                    continue
                converted = f.kind.missing()
            found.append((pos, f.out or f.key, converted))
        for pos, f in self._always:
            if f.key not in value and (not f.out or f.out not in value):
                found.append((pos, f.out or f.key, f.kind.missing()))
        found.sort(key=lambda entry: entry[0])
        out = {key: converted for _, key, converted in found}
        out.update(extensions)
        return out

    def missing(self) -> Any:
        return self.convert({})

    def strip(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        by_out = self._by_out
        return {
            k: (by_out[k].strip(v) if k in by_out else v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith("x-"))
        }


@dataclass(frozen=True, slots=True)
class Command(Kind):
    """ShellCommand: printed as ``null`` when absent, ``[]`` when empty (never omitted)."""

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if isinstance(value, str):
            return values.split_shell(value)
        return [v if isinstance(v, str) else values.go_string(v) for v in value]


@dataclass(frozen=True, slots=True)
class Ulimit(Kind):
    """A single number, or ``{soft, hard}``."""

    def convert(self, value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key in ("soft", "hard"):
                if value.get(key) not in (None, 0):
                    out[key] = values.to_int(value[key])
            return out
        single = values.to_int(value)
        return single if single else {}


@dataclass(frozen=True, slots=True)
class HostsList(Kind):
    """extra_hosts: ``host=ip`` strings, sorted (Go prints the map sorted)."""

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if isinstance(value, dict):
            items = [f"{h}={ip}" for h, ips in value.items() for ip in (ips if isinstance(ips, list) else [ips])]
        else:
            items = [str(v).replace(":", "=", 1) if "=" not in str(v) else str(v) for v in value]
        return sorted(items) or OMIT


def _str(value: Any) -> str:
    out = values.go_string(value)
    return "" if out is None else out


@dataclass(frozen=True, slots=True)
class MapValue(Kind):
    """A ``Mapping`` value: always a string, ``None`` printed as ``""``."""

    def convert(self, value: Any) -> Any:
        return "" if value is None else _str(value)


def _file_mode(value: Any) -> str:
    if isinstance(value, str):
        value = int(value.removeprefix("0o"), 8)
    return f"0{values.to_int(value):o}"


def _uint_mode(value: Any) -> int:
    if isinstance(value, str):
        raise ValueError(f"expected an unsigned integer (like 0o755), got the string {value!r}")
    return values.to_int(value)


def _duration(value: Any) -> str:
    return values.format_duration(values.parse_duration(value))


def _bytes(value: Any) -> str:
    return str(values.parse_bytes(value))


def _nonzero_duration(value: Any) -> Any:
    ns = values.parse_duration(value)
    return values.format_duration(ns) if ns else None


STR = Scalar(_str, "")
INT = Scalar(values.to_int, 0)
INT_PTR = Scalar(values.to_int, 0, keep_zero=True)
FLOAT32 = Scalar(lambda v: values.float32(values.to_float(v)), 0)
BOOL = Scalar(values.to_bool, False)
BOOL_PTR = Scalar(values.to_bool, False, keep_zero=True)
DURATION = Scalar(_nonzero_duration, None)
DURATION_PTR = Scalar(_duration, "0s", keep_zero=True)
BYTES = Scalar(_bytes, "0")
BYTES_ALWAYS = Scalar(_bytes, "0", keep_zero=True)
FILE_MODE = Scalar(_file_mode, "", keep_zero=True)
UINT_MODE = Scalar(_uint_mode, 0)
STR_LIST = ListOf(STR)
MAPPING = MapOf(MapValue(), nullable=False)
MAPPING_EQ = MapOf(Scalar(_str, None, keep_zero=True), nullable=True)
COMMAND = Command()
ANY = Passthrough()


def F(key: str, kind: Kind, *, out: str = "", always: bool = False) -> Field:
    return Field(key, kind, out, always)


def struct(*fields: Field, drop: frozenset[str] = frozenset()) -> Struct:
    return Struct(tuple(fields), drop)


# --------------------------------------------------------------------------
# services
# --------------------------------------------------------------------------

FILE_REF = struct(F("source", STR), F("target", STR), F("uid", STR), F("gid", STR), F("mode", FILE_MODE))

DEVICE_REQUEST = struct(
    F("capabilities", STR_LIST),
    F("driver", STR),
    F("count", INT),
    F("device_ids", STR_LIST),
    F("options", MAPPING),
)

HOOK = struct(
    F("command", COMMAND, always=True),
    F("user", STR),
    F("privileged", BOOL),
    F("working_dir", STR),
    F("environment", MAPPING_EQ),
)

BUILD = struct(
    F("context", STR),
    F("dockerfile", STR),
    F("dockerfile_inline", STR),
    F("entitlements", STR_LIST),
    F("args", MAPPING_EQ),
    F("provenance", STR),
    F("sbom", STR),
    F("ssh", STR_LIST),
    F("labels", MAPPING),
    F("cache_from", STR_LIST),
    F("cache_to", STR_LIST),
    F("no_cache", BOOL),
    F("additional_contexts", MAPPING),
    F("pull", BOOL),
    F("extra_hosts", HostsList()),
    F("isolation", STR),
    F("network", STR),
    F("target", STR),
    F("secrets", ListOf(FILE_REF)),
    F("shm_size", BYTES),
    F("tags", STR_LIST),
    F("ulimits", MapOf(Ulimit())),
    F("platforms", STR_LIST),
    F("privileged", BOOL),
)

WATCH = struct(
    F("path", STR),
    F("action", STR),
    F("target", STR),
    F("exec", HOOK, always=True),
    F("include", STR_LIST),
    F("ignore", STR_LIST),
    F("initial_sync", BOOL),
)

_THROTTLE = struct(F("path", STR, out="Path", always=True), F("rate", BYTES_ALWAYS, out="Rate", always=True))

BLKIO = struct(
    F("weight", INT),
    F("weight_device", ListOf(struct(F("path", STR, out="Path", always=True), F("weight", INT_PTR, out="Weight", always=True)))),
    F("device_read_bps", ListOf(_THROTTLE)),
    F("device_read_iops", ListOf(_THROTTLE)),
    F("device_write_bps", ListOf(_THROTTLE)),
    F("device_write_iops", ListOf(_THROTTLE)),
)

_UPDATE = struct(
    F("parallelism", INT_PTR),
    F("delay", DURATION),
    F("failure_action", STR),
    F("monitor", DURATION),
    F("max_failure_ratio", FLOAT32),
    F("order", STR),
)

_RESOURCE = struct(
    F("cpus", FLOAT32),
    F("memory", BYTES),
    F("pids", INT),
    F("devices", ListOf(DEVICE_REQUEST)),
    F(
        "generic_resources",
        ListOf(struct(F("discrete_resource_spec", struct(F("kind", STR, always=True), F("value", INT_PTR, always=True))))),
    ),
)

DEPLOY = struct(
    F("mode", STR),
    F("replicas", INT_PTR),
    F("labels", MAPPING),
    F("update_config", _UPDATE),
    F("rollback_config", _UPDATE),
    F("resources", struct(F("limits", _RESOURCE), F("reservations", _RESOURCE)), always=True),
    F("restart_policy", struct(F("condition", STR), F("delay", DURATION_PTR), F("max_attempts", INT_PTR), F("window", DURATION_PTR))),
    F(
        "placement",
        struct(F("constraints", STR_LIST), F("preferences", ListOf(struct(F("spread", STR)))), F("max_replicas_per_node", INT)),
        always=True,
    ),
    F("endpoint_mode", STR),
)

HEALTHCHECK = struct(
    F("test", STR_LIST),
    F("timeout", DURATION_PTR),
    F("interval", DURATION_PTR),
    F("retries", INT_PTR),
    F("start_period", DURATION_PTR),
    F("start_interval", DURATION_PTR),
    F("disable", BOOL),
)

SERVICE_NETWORK = struct(
    F("aliases", STR_LIST),
    F("driver_opts", MAPPING),
    F("gw_priority", INT),
    F("interface_name", STR),
    F("ipv4_address", STR),
    F("ipv6_address", STR),
    F("link_local_ips", STR_LIST),
    F("mac_address", STR),
    F("priority", INT),
)

PORT = struct(
    F("name", STR),
    F("mode", STR),
    F("host_ip", STR),
    F("target", INT),
    F("published", STR),
    F("protocol", STR),
    F("app_protocol", STR),
)

SERVICE_VOLUME = struct(
    F("type", STR),
    F("source", STR),
    F("target", STR),
    F("read_only", BOOL),
    F("consistency", STR),
    F("bind", struct(F("selinux", STR), F("propagation", STR), F("create_host_path", BOOL), F("recursive", STR))),
    F("volume", struct(F("labels", MAPPING), F("nocopy", BOOL), F("subpath", STR))),
    F("tmpfs", struct(F("size", BYTES), F("mode", UINT_MODE))),
    F("image", struct(F("subpath", STR))),
)

SERVICE = struct(
    F("profiles", STR_LIST),
    F("annotations", MAPPING),
    F("attach", BOOL_PTR),
    F("build", BUILD),
    F("develop", struct(F("watch", ListOf(WATCH)))),
    F("blkio_config", BLKIO),
    F("cap_add", STR_LIST),
    F("cap_drop", STR_LIST),
    F("cgroup_parent", STR),
    F("cgroup", STR),
    F("cpu_count", INT),
    F("cpu_percent", FLOAT32),
    F("cpu_period", INT),
    F("cpu_quota", INT),
    F("cpu_rt_period", INT),
    F("cpu_rt_runtime", INT),
    F("cpus", FLOAT32),
    F("cpuset", STR),
    F("cpu_shares", INT),
    F("command", COMMAND, always=True),
    F("configs", ListOf(FILE_REF)),
    F("container_name", STR),
    F("credential_spec", struct(F("config", STR), F("file", STR), F("registry", STR))),
    F(
        "depends_on",
        MapOf(struct(F("condition", STR), F("restart", BOOL), F("required", BOOL_PTR, always=True)), nullable=False),
    ),
    F("deploy", DEPLOY),
    F("device_cgroup_rules", STR_LIST),
    F("devices", ListOf(struct(F("source", STR), F("target", STR), F("permissions", STR)))),
    F("dns", STR_LIST),
    F("dns_opt", STR_LIST),
    F("dns_search", STR_LIST),
    F("dockerfile", STR),
    F("domainname", STR),
    F("entrypoint", COMMAND, always=True),
    F("provider", struct(F("type", STR), F("options", MapOf(STR_LIST, nullable=False)))),
    F("environment", MAPPING_EQ),
    F("env_file", ListOf(struct(F("path", STR), F("required", BOOL_PTR), F("format", STR)))),
    F("expose", STR_LIST),
    F("extends", struct(F("file", STR), F("service", STR))),
    F("external_links", STR_LIST),
    F("extra_hosts", HostsList()),
    F("group_add", STR_LIST),
    F("gpus", ListOf(DEVICE_REQUEST)),
    F("hostname", STR),
    F("healthcheck", HEALTHCHECK),
    F("image", STR),
    F("init", BOOL_PTR),
    F("ipc", STR),
    F("isolation", STR),
    F("labels", MAPPING),
    F("label_file", STR_LIST),
    F("links", STR_LIST),
    F("logging", struct(F("driver", STR), F("options", MAPPING))),
    F("log_driver", STR),
    F("log_opt", MAPPING),
    F("mem_limit", BYTES),
    F("mem_reservation", BYTES),
    F("memswap_limit", BYTES),
    F("mem_swappiness", BYTES),
    F("mac_address", STR),
    F("models", MapOf(struct(F("endpoint_var", STR), F("model_var", STR)))),
    F("net", STR),
    F("network_mode", STR),
    F("networks", MapOf(SERVICE_NETWORK)),
    F("oom_kill_disable", BOOL),
    F("oom_score_adj", INT),
    F("pid", STR),
    F("pids_limit", INT),
    F("platform", STR),
    F("ports", ListOf(PORT)),
    F("privileged", BOOL),
    F("pull_policy", STR),
    F("read_only", BOOL),
    F("restart", STR),
    F("runtime", STR),
    F("scale", INT_PTR),
    F("secrets", ListOf(FILE_REF)),
    F("security_opt", STR_LIST),
    F("shm_size", BYTES),
    F("stdin_open", BOOL),
    F("stop_grace_period", DURATION_PTR),
    F("stop_signal", STR),
    F("storage_opt", MAPPING),
    F("sysctls", MAPPING),
    F("tmpfs", STR_LIST),
    F("tty", BOOL),
    F("ulimits", MapOf(Ulimit())),
    F("use_api_socket", BOOL),
    F("user", STR),
    F("userns_mode", STR),
    F("uts", STR),
    F("volume_driver", STR),
    F("volumes", ListOf(SERVICE_VOLUME)),
    F("volumes_from", STR_LIST),
    F("working_dir", STR),
    F("post_start", ListOf(HOOK)),
    F("pre_stop", ListOf(HOOK)),
)

# --------------------------------------------------------------------------
# top-level resources
# --------------------------------------------------------------------------

NETWORK = struct(
    F("name", STR),
    F("driver", STR),
    F("driver_opts", MAPPING),
    F(
        "ipam",
        struct(
            F("driver", STR),
            F(
                "config",
                ListOf(struct(F("subnet", STR), F("gateway", STR), F("ip_range", STR), F("aux_addresses", MAPPING))),
            ),
        ),
        always=True,
    ),
    F("external", BOOL),
    F("internal", BOOL),
    F("attachable", BOOL),
    F("labels", MAPPING),
    F("enable_ipv4", BOOL_PTR),
    F("enable_ipv6", BOOL_PTR),
)

VOLUME = struct(F("name", STR), F("driver", STR), F("driver_opts", MAPPING), F("external", BOOL), F("labels", MAPPING))

_FILE_OBJECT_FIELDS = (
    F("name", STR),
    F("file", STR),
    F("environment", STR),
    F("content", STR),
    F("external", BOOL),
    F("labels", MAPPING),
    F("driver", STR),
    F("driver_opts", MAPPING),
    F("template_driver", STR),
)

SECRET = Struct(_FILE_OBJECT_FIELDS, frozenset({"content"}))
CONFIG = Struct(_FILE_OBJECT_FIELDS)

MODEL = struct(F("name", STR), F("model", STR), F("context_size", INT), F("runtime_flags", STR_LIST))

PROJECT_ELEMENTS: dict[str, Kind] = {
    "name": STR,
    "services": MapOf(SERVICE),
    "networks": MapOf(NETWORK, nullable=False),
    "volumes": MapOf(VOLUME, nullable=False),
    "secrets": MapOf(SECRET, nullable=False),
    "configs": MapOf(CONFIG, nullable=False),
    "models": MapOf(MODEL, nullable=False),
}
