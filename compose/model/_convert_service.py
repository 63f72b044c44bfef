"""Canonical ``services.<name>`` mapping -> ``Service`` (private to compose/model/convert.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compose.model import _convert_deploy
from compose.model import _convert_parts as parts
from compose.model._reader import Reader
from compose.model.build import BuildConfig, Develop, Watch
from compose.model.hashing import service_config_hash
from compose.model.service import Service

BUILD_KEYS = frozenset(
    {
        "context", "dockerfile", "dockerfile_inline", "args", "ssh", "cache_from", "cache_to",
        "additional_contexts", "extra_hosts", "isolation", "privileged", "labels", "no_cache",
        "network", "pull", "platforms", "secrets", "shm_size", "tags", "target", "ulimits",
        "entitlements", "provenance", "sbom",
    }
)


def service(name: str, r: Reader) -> Service:
    """Only the attributes present are read (a dict has ~10 of the ~120), so this stays fast."""
    kwargs: dict[str, Any] = {}
    for key in r.data:
        read = _READERS.get(key)
        if read is not None:
            kwargs[key] = read(r)
        elif not str(key).startswith("x-"):
            r.problem(key, f"service {name!r} has no attribute {key!r}")
    return Service(name=name, **kwargs, extensions=r.extensions(), config_hash=service_config_hash(r.data))


def _micro(r: Reader, key: str) -> int | None:
    """cpu_rt_* are microseconds: an integer, or a duration string (``400ms``)."""
    value = r.raw(key)
    if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        ns = r.duration(key)
        return None if ns is None else ns // 1000
    return r.integer(key)


def _build(r: Reader) -> BuildConfig | None:
    value = r.raw("build")
    if value is None:
        return None
    if isinstance(value, str):
        return BuildConfig(context=value)
    b = r.child("build")
    if b is None:
        return None
    b.check_keys(BUILD_KEYS, "build")
    return BuildConfig(
        context=b.text("context") or ".",
        dockerfile=b.text("dockerfile"),
        dockerfile_inline=b.text("dockerfile_inline"),
        args=b.env_map("args"),
        ssh=b.texts("ssh"),
        cache_from=b.texts("cache_from"),
        cache_to=b.texts("cache_to"),
        additional_contexts=b.str_map("additional_contexts"),
        extra_hosts=parts.extra_hosts(b),
        isolation=b.text("isolation"),
        privileged=b.flag("privileged"),
        labels=b.str_map("labels"),
        no_cache=b.flag("no_cache"),
        network=b.text("network"),
        pull=b.flag("pull"),
        platforms=b.texts("platforms"),
        secrets=parts.file_refs(b, "secrets"),
        shm_size=b.size("shm_size"),
        tags=b.texts("tags"),
        target=b.text("target"),
        ulimits=parts.ulimits(b),
        entitlements=b.texts("entitlements"),
        provenance=b.text("provenance"),
        sbom=b.text("sbom"),
    )


def _develop(r: Reader | None) -> Develop | None:
    if r is None:
        return None
    r.check_keys({"watch"}, "develop")

    def watch(w: Reader) -> Watch | None:
        w.check_keys({"path", "action", "target", "ignore", "include", "initial_sync", "exec"}, "a watch rule")
        exec_reader = w.child("exec")
        return Watch(
            path=w.text("path") or "",
            action=w.text("action") or "",
            target=w.text("target"),
            ignore=w.texts("ignore"),
            include=w.texts("include"),
            initial_sync=w.flag("initial_sync"),
            exec=parts.hook(exec_reader) if exec_reader is not None and _any_value(exec_reader) else None,
        )

    return Develop(watch=r.convert_list("watch", watch))


def _any_value(r: Reader) -> bool:
    return any(v is not None for v in r.data.values())


# How each attribute is read; a key absent from the dict keeps the Service default.
_READERS: dict[str, Callable[[Reader], Any]] = {
    "image": lambda r: r.text("image"),
    "build": lambda r: _build(r),
    "command": lambda r: r.command("command"),
    "entrypoint": lambda r: r.command("entrypoint"),
    "environment": lambda r: r.env_map("environment"),
    "env_file": lambda r: parts.env_files(r),
    "working_dir": lambda r: r.text("working_dir"),
    "user": lambda r: r.text("user"),
    "group_add": lambda r: r.texts("group_add"),
    "tty": lambda r: r.flag("tty"),
    "stdin_open": lambda r: r.flag("stdin_open"),
    "init": lambda r: r.opt_flag("init"),
    "stop_signal": lambda r: r.text("stop_signal"),
    "stop_grace_period": lambda r: r.duration("stop_grace_period"),
    "healthcheck": lambda r: parts.healthcheck(r.child("healthcheck")),
    "restart": lambda r: r.text("restart"),
    "container_name": lambda r: r.text("container_name"),
    "hostname": lambda r: r.text("hostname"),
    "domainname": lambda r: r.text("domainname"),
    "labels": lambda r: r.str_map("labels"),
    "label_file": lambda r: r.texts("label_file"),
    "annotations": lambda r: r.str_map("annotations"),
    "platform": lambda r: r.text("platform"),
    "pull_policy": lambda r: r.text("pull_policy"),
    "runtime": lambda r: r.text("runtime"),
    "isolation": lambda r: r.text("isolation"),
    "ports": lambda r: r.convert_list("ports", parts.port),
    "expose": lambda r: r.texts("expose"),
    "networks": lambda r: parts.service_networks(r),
    "network_mode": lambda r: r.text("network_mode"),
    "mac_address": lambda r: r.text("mac_address"),
    "links": lambda r: r.texts("links"),
    "external_links": lambda r: r.texts("external_links"),
    "extra_hosts": lambda r: parts.extra_hosts(r),
    "dns": lambda r: r.texts("dns"),
    "dns_opt": lambda r: r.texts("dns_opt"),
    "dns_search": lambda r: r.texts("dns_search"),
    "volumes": lambda r: r.convert_list("volumes", parts.service_volume),
    "volumes_from": lambda r: r.texts("volumes_from"),
    "tmpfs": lambda r: r.texts("tmpfs"),
    "secrets": lambda r: parts.file_refs(r, "secrets"),
    "configs": lambda r: parts.file_refs(r, "configs"),
    "storage_opt": lambda r: r.str_map("storage_opt"),
    "read_only": lambda r: r.flag("read_only"),
    "shm_size": lambda r: r.size("shm_size"),
    "privileged": lambda r: r.flag("privileged"),
    "cap_add": lambda r: r.texts("cap_add"),
    "cap_drop": lambda r: r.texts("cap_drop"),
    "security_opt": lambda r: r.texts("security_opt"),
    "devices": lambda r: parts.devices(r),
    "device_cgroup_rules": lambda r: r.texts("device_cgroup_rules"),
    "gpus": lambda r: parts.gpus(r),
    "sysctls": lambda r: r.str_map("sysctls"),
    "ulimits": lambda r: parts.ulimits(r),
    "pid": lambda r: r.text("pid"),
    "ipc": lambda r: r.text("ipc"),
    "uts": lambda r: r.text("uts"),
    "userns_mode": lambda r: r.text("userns_mode"),
    "cgroup": lambda r: r.text("cgroup"),
    "cgroup_parent": lambda r: r.text("cgroup_parent"),
    "credential_spec": lambda r: parts.credential_spec(r.child("credential_spec")),
    "oom_kill_disable": lambda r: r.flag("oom_kill_disable"),
    "oom_score_adj": lambda r: r.integer("oom_score_adj"),
    "cpu_count": lambda r: r.integer("cpu_count"),
    "cpu_percent": lambda r: r.number("cpu_percent"),
    "cpu_shares": lambda r: r.integer("cpu_shares"),
    "cpu_period": lambda r: r.integer("cpu_period"),
    "cpu_quota": lambda r: r.integer("cpu_quota"),
    "cpu_rt_runtime": lambda r: _micro(r, "cpu_rt_runtime"),
    "cpu_rt_period": lambda r: _micro(r, "cpu_rt_period"),
    "cpus": lambda r: r.number("cpus"),
    "cpuset": lambda r: r.text("cpuset"),
    "mem_limit": lambda r: r.size("mem_limit"),
    "mem_reservation": lambda r: r.size("mem_reservation"),
    "mem_swappiness": lambda r: r.integer("mem_swappiness"),
    "memswap_limit": lambda r: r.size("memswap_limit"),
    "pids_limit": lambda r: r.integer("pids_limit"),
    "blkio_config": lambda r: parts.blkio(r.child("blkio_config")),
    "depends_on": lambda r: parts.depends_on(r),
    "scale": lambda r: r.integer("scale"),
    "deploy": lambda r: _convert_deploy.deploy(r.child("deploy")),
    "profiles": lambda r: r.texts("profiles"),
    "attach": lambda r: r.flag("attach", default=True),
    "logging": lambda r: parts.logging(r.child("logging")),
    "post_start": lambda r: r.convert_list("post_start", parts.hook),
    "pre_start": lambda r: r.convert_list("pre_start", parts.hook),
    "pre_stop": lambda r: r.convert_list("pre_stop", parts.hook),
    "develop": lambda r: _develop(r.child("develop")),
    "models": lambda r: parts.service_models(r),
    "provider": lambda r: parts.provider(r.child("provider")),
    "use_api_socket": lambda r: r.flag("use_api_socket"),
    "extends": lambda r: parts.extends(r),
}

# Every attribute of a service the model knows (05-services.md); anything else that is
# not an x- extension is reported, so nothing is dropped silently.
SERVICE_KEYS = frozenset(_READERS)
