"""Converters for the parts of a service (private to compose/model/convert.py).

Each function takes a ``Reader`` over one canonical mapping and returns a model
object (or ``None`` after recording an Issue). Key names of the compose format
live here and in the other ``_convert_*`` modules only.
"""

from __future__ import annotations

from collections.abc import Mapping

from compose.model._reader import Reader
from compose.model.frozen import FrozenMap
from compose.model.parts import (
    BindOptions,
    BlkioConfig,
    CredentialSpec,
    DependsOn,
    Device,
    DeviceRequest,
    EnvFile,
    Extends,
    ExtraHost,
    FileRef,
    Healthcheck,
    Hook,
    ImageOptions,
    Logging,
    Port,
    Provider,
    ServiceModel,
    ServiceNetwork,
    ServiceVolume,
    ThrottleDevice,
    TmpfsOptions,
    Ulimit,
    VolumeOptions,
    WeightDevice,
)

PORT_KEYS = frozenset({"target", "published", "host_ip", "protocol", "mode", "name", "app_protocol"})
VOLUME_KEYS = frozenset(
    {"type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"}
)
SERVICE_NETWORK_KEYS = frozenset(
    {
        "aliases", "ipv4_address", "ipv6_address", "link_local_ips", "mac_address",
        "driver_opts", "priority", "gw_priority", "interface_name",
    }
)
HEALTHCHECK_KEYS = frozenset(
    {"test", "interval", "timeout", "start_period", "start_interval", "retries", "disable"}
)
HOOK_KEYS = frozenset({"command", "user", "privileged", "working_dir", "environment", "image", "per_replica"})


def port(r: Reader) -> Port | None:
    r.check_keys(PORT_KEYS, "a port")
    target = r.integer("target")
    if target is None:
        r.problem("target", "a port needs a target")
        return None
    return Port(
        target=target,
        published=r.text("published") or None,
        host_ip=r.text("host_ip") or None,
        protocol=(r.text("protocol") or "tcp").lower(),
        mode=r.text("mode") or "ingress",
        name=r.text("name"),
        app_protocol=r.text("app_protocol"),
    )


def service_volume(r: Reader) -> ServiceVolume | None:
    r.check_keys(VOLUME_KEYS, "a volume mount")
    kind, target = r.text("type"), r.text("target")
    if not kind or not target:
        r.problem("target" if kind else "type", "a volume mount needs a type and a target")
        return None
    return ServiceVolume(
        type=kind,
        target=target,
        source=r.text("source") or None,
        read_only=r.flag("read_only"),
        consistency=r.text("consistency"),
        bind=_bind_options(r.child("bind")),
        volume=_volume_options(r.child("volume")),
        tmpfs=_tmpfs_options(r.child("tmpfs")),
        image=ImageOptions(subpath=c.text("subpath")) if (c := r.child("image")) is not None else None,
    )


def _bind_options(r: Reader | None) -> BindOptions | None:
    if r is None:
        return None
    r.check_keys({"propagation", "create_host_path", "selinux", "recursive"}, "bind options")
    return BindOptions(
        propagation=r.text("propagation"),
        create_host_path=r.flag("create_host_path", default=False),
        selinux=r.text("selinux"),
        recursive=r.text("recursive"),
    )


def _volume_options(r: Reader | None) -> VolumeOptions | None:
    if r is None:
        return None
    r.check_keys({"nocopy", "subpath", "labels"}, "volume options")
    return VolumeOptions(nocopy=r.flag("nocopy"), subpath=r.text("subpath"), labels=r.str_map("labels"))


def _tmpfs_options(r: Reader | None) -> TmpfsOptions | None:
    if r is None:
        return None
    r.check_keys({"size", "mode"}, "tmpfs options")
    return TmpfsOptions(size=r.size("size"), mode=r.mode("mode"))


def service_networks(r: Reader) -> FrozenMap[str, ServiceNetwork | None]:
    value = r.raw("networks")
    if isinstance(value, list | tuple):  # short syntax: a list of keys
        return FrozenMap((str(k), None) for k in value)
    out: list[tuple[str, ServiceNetwork | None]] = []
    for key, item, path in r.entries("networks"):
        if item is None:
            out.append((key, None))
            continue
        n = r.nested(item, path)
        if n is None:
            continue
        n.check_keys(SERVICE_NETWORK_KEYS, "a service network")
        out.append(
            (
                key,
                ServiceNetwork(
                    aliases=n.texts("aliases"),
                    ipv4_address=n.text("ipv4_address"),
                    ipv6_address=n.text("ipv6_address"),
                    link_local_ips=n.texts("link_local_ips"),
                    mac_address=n.text("mac_address"),
                    driver_opts=n.str_map("driver_opts"),
                    priority=n.integer("priority") or 0,
                    gw_priority=n.integer("gw_priority") or 0,
                    interface_name=n.text("interface_name"),
                ),
            )
        )
    return FrozenMap(out)


def healthcheck(r: Reader | None) -> Healthcheck | None:
    if r is None:
        return None
    r.check_keys(HEALTHCHECK_KEYS, "a healthcheck")
    test = r.raw("test")
    tests: tuple[str, ...] | None
    if isinstance(test, str):
        tests = ("CMD-SHELL", test)
    else:
        tests = r.texts("test") if test is not None else None
    return Healthcheck(
        test=tests,
        interval=r.duration("interval"),
        timeout=r.duration("timeout"),
        start_period=r.duration("start_period"),
        start_interval=r.duration("start_interval"),
        retries=r.integer("retries"),
        disable=r.flag("disable"),
    )


def depends_on(r: Reader) -> FrozenMap[str, DependsOn]:
    value = r.raw("depends_on")
    if isinstance(value, list | tuple):  # short syntax
        return FrozenMap((str(k), DependsOn()) for k in value)
    out = []
    for name, item, path in r.entries("depends_on"):
        d = r.nested(item if item is not None else {}, path)
        if d is None:
            continue
        d.check_keys({"condition", "required", "restart"}, "a dependency")
        out.append(
            (
                name,
                DependsOn(
                    condition=d.text("condition") or "service_started",
                    required=d.flag("required", default=True),
                    restart=d.flag("restart"),
                ),
            )
        )
    return FrozenMap(out)


def logging(r: Reader | None) -> Logging | None:
    if r is None:
        return None
    r.check_keys({"driver", "options"}, "logging")
    return Logging(driver=r.text("driver"), options=r.str_map("options"))


def ulimits(r: Reader) -> FrozenMap[str, Ulimit]:
    out = []
    for name, item, path in r.entries("ulimits"):
        if isinstance(item, int) and not isinstance(item, bool):
            out.append((name, Ulimit(item, item)))
            continue
        u = r.nested(item, path)
        if u is None:
            continue
        u.check_keys({"soft", "hard"}, "a ulimit")
        soft, hard = u.integer("soft"), u.integer("hard")
        if soft is None or hard is None:
            u.problem("soft", "a ulimit needs soft and hard values")
            continue
        out.append((name, Ulimit(soft, hard)))
    return FrozenMap(out)


def devices(r: Reader) -> tuple[Device, ...]:
    out = []
    for i, item in r.items("devices"):
        if isinstance(item, str):
            parts = item.split(":")
            source = parts[0]
            target = parts[1] if len(parts) > 1 else source
            perms = parts[2] if len(parts) > 2 else "rwm"
            out.append(Device(source, target, perms))
            continue
        d = r.nested(item, (*r.path, "devices", i))
        if d is None:
            continue
        d.check_keys({"source", "target", "permissions"}, "a device")
        source = d.text("source") or ""
        out.append(Device(source, d.text("target") or source, d.text("permissions") or "rwm"))
    return tuple(out)


def device_request(r: Reader) -> DeviceRequest | None:
    r.check_keys({"capabilities", "driver", "count", "device_ids", "options"}, "a device request")
    count: int | None
    if r.raw("count") == "all":
        count = -1
    else:
        count = r.integer("count")
    return DeviceRequest(
        capabilities=r.texts("capabilities"),
        driver=r.text("driver"),
        count=count,
        device_ids=r.texts("device_ids"),
        options=r.str_map("options"),
    )


def gpus(r: Reader) -> tuple[DeviceRequest, ...]:
    if r.raw("gpus") == "all":
        return (DeviceRequest(count=-1),)
    return r.convert_list("gpus", device_request)


def blkio(r: Reader | None) -> BlkioConfig | None:
    if r is None:
        return None
    lists = ("device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops")
    r.check_keys({"weight", "weight_device", *lists}, "blkio_config")

    def weight_device(d: Reader) -> WeightDevice | None:
        path, weight = _either(d, "path", "Path"), _either_int(d, "weight", "Weight")
        return WeightDevice(path or "", weight or 0)

    def throttle(d: Reader) -> ThrottleDevice | None:
        key = "rate" if d.has("rate") else "Rate"
        return ThrottleDevice(_either(d, "path", "Path") or "", d.size(key) or 0)

    return BlkioConfig(
        weight=r.integer("weight"),
        weight_device=r.convert_list("weight_device", weight_device),
        device_read_bps=r.convert_list("device_read_bps", throttle),
        device_read_iops=r.convert_list("device_read_iops", throttle),
        device_write_bps=r.convert_list("device_write_bps", throttle),
        device_write_iops=r.convert_list("device_write_iops", throttle),
    )


def _either(r: Reader, lower: str, upper: str) -> str | None:
    return r.text(lower) if r.has(lower) else r.text(upper)


def _either_int(r: Reader, lower: str, upper: str) -> int | None:
    return r.integer(lower) if r.has(lower) else r.integer(upper)


def file_refs(r: Reader, key: str) -> tuple[FileRef, ...]:
    out = []
    for i, item in r.items(key):
        if isinstance(item, str):
            out.append(FileRef(source=item))
            continue
        f = r.nested(item, (*r.path, key, i))
        if f is None:
            continue
        f.check_keys({"source", "target", "uid", "gid", "mode"}, "a secret or config reference")
        source = f.text("source")
        if not source:
            f.problem("source", "a reference needs a source")
            continue
        out.append(
            FileRef(source=source, target=f.text("target"), uid=f.text("uid"), gid=f.text("gid"), mode=f.mode("mode"))
        )
    return tuple(out)


def extra_hosts(r: Reader, key: str = "extra_hosts") -> tuple[ExtraHost, ...]:
    value = r.raw(key)
    out: list[ExtraHost] = []
    if isinstance(value, Mapping):
        for host, ips in value.items():
            for ip in ips if isinstance(ips, list | tuple) else [ips]:
                out.append(ExtraHost(str(host), _unbracket(str(ip))))
        return tuple(out)
    for i, entry in enumerate(r.texts(key)):
        if "=" in entry:
            host, _, ip = entry.partition("=")
        elif ":" in entry:
            host, _, ip = entry.partition(":")
        else:
            r.issues.add((*r.path, key, i), f"expected HOST=IP, got {entry!r}")
            continue
        out.append(ExtraHost(host, _unbracket(ip)))
    return tuple(out)


def _unbracket(ip: str) -> str:
    return ip[1:-1] if ip.startswith("[") and ip.endswith("]") else ip


def hook(r: Reader) -> Hook | None:
    r.check_keys(HOOK_KEYS, "a hook")
    return Hook(
        command=r.command("command"),
        user=r.text("user"),
        privileged=r.flag("privileged"),
        working_dir=r.text("working_dir"),
        environment=r.env_map("environment"),
        image=r.text("image"),
        per_replica=r.flag("per_replica"),
    )


def credential_spec(r: Reader | None) -> CredentialSpec | None:
    if r is None:
        return None
    r.check_keys({"config", "file", "registry"}, "credential_spec")
    return CredentialSpec(config=r.text("config"), file=r.text("file"), registry=r.text("registry"))


def service_models(r: Reader) -> FrozenMap[str, ServiceModel | None]:
    value = r.raw("models")
    if isinstance(value, list | tuple):
        return FrozenMap((str(k), None) for k in value)
    out: list[tuple[str, ServiceModel | None]] = []
    for name, item, path in r.entries("models"):
        if item is None:
            out.append((name, None))
            continue
        m = r.nested(item, path)
        if m is not None:
            m.check_keys({"endpoint_var", "model_var"}, "a service model")
            out.append((name, ServiceModel(m.text("endpoint_var"), m.text("model_var"))))
    return FrozenMap(out)


def provider(r: Reader | None) -> Provider | None:
    if r is None:
        return None
    r.check_keys({"type", "options"}, "provider")
    opts = r.child("options")
    options = [(str(k), opts.texts(k)) for k in opts.names()] if opts is not None else []
    return Provider(type=r.text("type") or "", options=FrozenMap(options))


def extends(r: Reader) -> Extends | None:
    value = r.raw("extends")
    if value is None:
        return None
    if isinstance(value, str):
        return Extends(service=value)
    e = r.child("extends")
    if e is None:
        return None
    e.check_keys({"service", "file"}, "extends")
    return Extends(service=e.text("service") or "", file=e.text("file"))


def env_files(r: Reader) -> tuple[EnvFile, ...]:
    out = []
    for i, item in r.items("env_file"):
        if isinstance(item, str):
            out.append(EnvFile(item))
            continue
        e = r.nested(item, (*r.path, "env_file", i))
        if e is not None:
            e.check_keys({"path", "required", "format"}, "an env_file entry")
            out.append(EnvFile(e.text("path") or "", e.flag("required", default=True), e.text("format")))
    if isinstance(r.raw("env_file"), str):
        out.append(EnvFile(str(r.raw("env_file"))))
    return tuple(out)
