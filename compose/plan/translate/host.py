"""Process, resources and security of a container (private to compose/plan/translate/__init__.py)."""

from __future__ import annotations

import json
import posixpath
from typing import Any

from compose.load.durations import NS_PER_SECOND
from compose.model.deploy import ResourceSpec
from compose.model.parts import DeviceRequest, Healthcheck
from compose.model.service import Service
from compose.plan.translate.common import Notes, Resolved, api_at_least, put

CDI_DRIVER = "cdi"

_RESTART_NAMES = {"no": "no", "none": "no", "always": "always", "any": "always"}
_RESTART_NAMES.update({"on-failure": "on-failure", "unless-stopped": "unless-stopped"})


def environment(service: Service) -> list[str] | None:
    """``Env``: ``KEY=value``; a variable with no value (``KEY``) is passed by name, as v2 does."""
    env = [k if v is None else f"{k}={v}" for k, v in service.environment.items()]
    return env or None


def healthcheck(service: Service, *, api_version: str, notes: Notes) -> dict[str, Any] | None:
    hc: Healthcheck | None = service.healthcheck
    if hc is None:
        return None
    if hc.disable:
        return {"Test": ["NONE"]}
    body: dict[str, Any] = {}
    if hc.test is not None:
        body["Test"] = list(hc.test)
    put(body, "Interval", hc.interval)
    put(body, "Timeout", hc.timeout)
    put(body, "StartPeriod", hc.start_period)
    if hc.start_interval:
        if not api_at_least(api_version, "1.44"):
            # What v2.40.3 does too: it refuses ("can't set healthcheck.start_interval as
            # feature require Docker Engine v25 or later"); dropping it would change timing.
            raise notes.fail(
                "healthcheck.start_interval", f"needs Engine API 1.44 (Docker Engine 25) or later (engine: {api_version})"
            )
        body["StartInterval"] = hc.start_interval
    put(body, "Retries", hc.retries)
    return body


def exposed_ports(service: Service, notes: Notes) -> dict[str, dict[str, Any]]:
    """``ExposedPorts`` from ``expose`` (ranges expanded) and the targets of ``ports``."""
    out: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(service.expose):
        spec, _, proto = entry.partition("/")
        proto = (proto or "tcp").lower()
        first, _, last = spec.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise notes.fail(f"expose[{i}]", f"not a port or port range: {entry!r}") from None
        for port in range(low, high + 1):
            out[f"{port}/{proto}"] = {}
    for published in service.ports:
        out[f"{published.target}/{published.protocol}"] = {}
    return out


def port_bindings(service: Service) -> dict[str, list[dict[str, str]]]:
    """``PortBindings``: container port -> host bindings (an empty HostPort lets the engine pick)."""
    out: dict[str, list[dict[str, str]]] = {}
    for port in service.ports:
        out.setdefault(f"{port.target}/{port.protocol}", []).append(
            {"HostIp": port.host_ip or "", "HostPort": port.published or ""}
        )
    return out


def restart_policy(service: Service, notes: Notes) -> dict[str, Any]:
    """``restart``, overridden by ``deploy.restart_policy`` (as v2 does)."""
    policy = service.deploy.restart_policy if service.deploy else None
    if policy is not None and policy.condition:
        key, name, retries = "deploy.restart_policy", policy.condition, policy.max_attempts or 0
        if policy.delay or policy.window:
            notes.warn(key, "delay and window are swarm settings; the engine restarts without them")
    elif service.restart:
        key = "restart"
        name, _, count = service.restart.partition(":")
        try:
            retries = int(count) if count else 0
        except ValueError:
            raise notes.fail(key, f"not a restart policy: {service.restart!r}") from None
    else:
        return {}
    engine_name = _RESTART_NAMES.get(name)
    if engine_name is None:
        raise notes.fail(key, f"unknown restart policy {name!r}")
    if retries and engine_name != "on-failure":
        raise notes.fail(key, f"a maximum retry count only applies to on-failure, not {name!r}")
    out: dict[str, Any] = {"Name": engine_name}
    put(out, "MaximumRetryCount", retries)
    return out


def resources(service: Service, *, notes: Notes) -> dict[str, Any]:
    """The resource fields of HostConfig: the old keys, then ``deploy.resources`` on top."""
    body: dict[str, Any] = {}
    put(body, "CgroupParent", service.cgroup_parent)
    put(body, "Memory", service.mem_limit)
    put(body, "MemoryReservation", service.mem_reservation)
    put(body, "MemorySwap", service.memswap_limit)
    if service.mem_swappiness is not None:
        body["MemorySwappiness"] = service.mem_swappiness
    put(body, "OomKillDisable", service.oom_kill_disable)
    put(body, "CpuCount", service.cpu_count)
    put(body, "CpuPercent", int(service.cpu_percent) if service.cpu_percent else None)
    put(body, "CpuPeriod", service.cpu_period)
    put(body, "CpuQuota", service.cpu_quota)
    put(body, "CpuRealtimePeriod", service.cpu_rt_period)
    put(body, "CpuRealtimeRuntime", service.cpu_rt_runtime)
    put(body, "CpuShares", service.cpu_shares)
    put(body, "NanoCpus", _nano_cpus(service.cpus))
    put(body, "CpusetCpus", service.cpuset)
    put(body, "PidsLimit", service.pids_limit)
    put(body, "DeviceCgroupRules", list(service.device_cgroup_rules))
    _blkio(service, body)
    _deploy_resources(service, body, notes)
    if "NanoCpus" in body and ("CpuPeriod" in body or "CpuQuota" in body):
        raise notes.fail("cpus", "cpus (or deploy.resources.limits.cpus) cannot be combined with cpu_period/cpu_quota")
    devices, requests = _devices(service)
    put(body, "Devices", devices)
    requests.extend(_device_request(g, gpu=True) for g in service.gpus)
    if service.deploy is not None and service.deploy.resources.reservations is not None:
        requests.extend(_device_request(d, gpu=False) for d in service.deploy.resources.reservations.devices)
    put(body, "DeviceRequests", requests)
    put(body, "Ulimits", [{"Name": n, "Soft": u.soft, "Hard": u.hard} for n, u in service.ulimits.items()])
    return body


def _nano_cpus(cpus: float | None) -> int | None:
    return round(cpus * NS_PER_SECOND) if cpus else None


def _blkio(service: Service, body: dict[str, Any]) -> None:
    b = service.blkio_config
    if b is None:
        return
    put(body, "BlkioWeight", b.weight)
    put(body, "BlkioWeightDevice", [{"Path": d.path, "Weight": d.weight} for d in b.weight_device])
    for key, devices in (
        ("BlkioDeviceReadBps", b.device_read_bps),
        ("BlkioDeviceReadIOps", b.device_read_iops),
        ("BlkioDeviceWriteBps", b.device_write_bps),
        ("BlkioDeviceWriteIOps", b.device_write_iops),
    ):
        put(body, key, [{"Path": d.path, "Rate": d.rate} for d in devices])


def _deploy_resources(service: Service, body: dict[str, Any], notes: Notes) -> None:
    if service.deploy is None:
        return
    limits: ResourceSpec | None = service.deploy.resources.limits
    reservations: ResourceSpec | None = service.deploy.resources.reservations
    if limits is not None:
        put(body, "Memory", limits.memory)
        put(body, "NanoCpus", _nano_cpus(limits.cpus))
        if limits.pids and limits.pids > 0:
            body["PidsLimit"] = limits.pids
        if limits.devices or limits.generic_resources:
            notes.warn("deploy.resources.limits", "devices and generic_resources limits are swarm settings; ignored")
    if reservations is not None:
        put(body, "MemoryReservation", reservations.memory)
        if reservations.cpus:
            notes.warn("deploy.resources.reservations.cpus", "CPU reservations are a swarm setting; ignored")
        if reservations.pids:
            notes.warn("deploy.resources.reservations.pids", "a pids reservation has no engine equivalent; ignored")
        if reservations.generic_resources:
            notes.warn("deploy.resources.reservations.generic_resources", "a swarm setting; ignored")


def _devices(service: Service) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """``Devices`` mappings, and a CDI device request for qualified CDI names (``vendor.com/class=name``)."""
    devices, cdi = [], []
    for d in service.devices:
        if d.source == d.target and _is_cdi_name(d.source):
            cdi.append(d.source)
            continue
        devices.append({"PathOnHost": d.source, "PathInContainer": d.target, "CgroupPermissions": d.permissions})
    requests: list[dict[str, Any]] = []
    if cdi:
        requests.append({"Driver": CDI_DRIVER, "DeviceIDs": cdi})
    return devices, requests


def _is_cdi_name(name: str) -> bool:
    kind, sep, device = name.partition("=")
    return bool(sep and device and "/" in kind and not name.startswith("/"))


def _device_request(d: DeviceRequest, *, gpu: bool) -> dict[str, Any]:
    caps = list(d.capabilities)
    if gpu and "gpu" not in caps:
        caps.append("gpu")
    out: dict[str, Any] = {}
    put(out, "Driver", d.driver)
    if d.count is not None:
        out["Count"] = d.count
    put(out, "DeviceIDs", list(d.device_ids))
    out["Capabilities"] = [caps] if caps else []
    put(out, "Options", dict(d.options))
    return out


def capabilities(names: tuple[str, ...]) -> list[str]:
    """Capability names with the ``CAP_`` prefix the engine documents (``ALL`` stays as is)."""
    return [n if n.upper() == "ALL" or n.upper().startswith("CAP_") else f"CAP_{n}" for n in names]


def security_options(
    service: Service, working_dir: str, resolved: Resolved, notes: Notes
) -> tuple[list[str], bool]:
    """``SecurityOpt`` (seccomp profiles inlined, credential_spec added) and whether systempaths are unconfined."""
    out: list[str] = []
    unconfined = False
    for i, opt in enumerate(service.security_opt):
        if opt == "systempaths=unconfined":
            unconfined = True
            continue
        name, sep, value = opt.partition("=")
        if not sep:
            name, sep, value = opt.partition(":")
        if name == "seccomp" and value not in ("unconfined", "builtin", ""):
            out.append("seccomp=" + _seccomp(value, working_dir, resolved, f"security_opt[{i}]", notes))
            continue
        out.append(opt)
    spec = service.credential_spec
    if spec is not None:
        if spec.file:
            out.append(f"credentialspec=file://{spec.file}")
        elif spec.registry:
            out.append(f"credentialspec=registry://{spec.registry}")
        elif spec.config:
            out.append(f"credentialspec=config://{spec.config}")
    return out, unconfined


def seccomp_profile_paths(service: Service) -> tuple[str, ...]:
    """The seccomp profile files ``security_opt`` names: read them into ``Resolved.seccomp_profiles``."""
    out = []
    for opt in service.security_opt:
        for sep in ("=", ":"):
            name, found, value = opt.partition(sep)
            if found:
                break
        if found and name == "seccomp" and value not in ("unconfined", "builtin", ""):
            out.append(value)
    return tuple(out)


def _seccomp(path: str, working_dir: str, resolved: Resolved, key: str, notes: Notes) -> str:
    text = resolved.seccomp_profiles.get(path)
    if text is None:
        text = resolved.seccomp_profiles.get(posixpath.join(working_dir, path))
    if text is None:
        raise notes.fail(key, f"seccomp profile {path!r} was not read (Resolved.seccomp_profiles)")
    try:
        return json.dumps(json.loads(text), separators=(",", ":"))
    except ValueError as exc:
        raise notes.fail(key, f"seccomp profile {path!r} is not JSON: {exc}") from None


def stop_timeout(service: Service) -> int | None:
    """``StopTimeout`` in whole seconds (truncated, as v2 does)."""
    if service.stop_grace_period is None:
        return None
    return service.stop_grace_period // NS_PER_SECOND
