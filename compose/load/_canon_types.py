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

from compose.load._canon_kinds import (
    BOOL,
    BOOL_PTR,
    BYTES,
    BYTES_ALWAYS,
    COMMAND,
    DURATION,
    DURATION_PTR,
    FILE_MODE,
    FLOAT32,
    INT,
    INT_PTR,
    MAPPING,
    MAPPING_EQ,
    OMIT,
    STR,
    STR_LIST,
    UINT_MODE,
    ConvertError,
    F,
    HostsList,
    Kind,
    ListOf,
    MapOf,
    Struct,
    Ulimit,
    struct,
)

__all__ = [
    "OMIT",
    "PROJECT_ELEMENTS",
    "ConvertError",
    "Kind",
]

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
