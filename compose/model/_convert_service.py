"""Canonical ``services.<name>`` mapping -> ``Service`` (private to compose/model/convert.py)."""

from __future__ import annotations

from compose.model import _convert_deploy
from compose.model import _convert_parts as parts
from compose.model._reader import Reader
from compose.model.build import BuildConfig, Develop, Watch
from compose.model.hashing import service_config_hash
from compose.model.service import Service

# Every attribute of a service the model knows (05-services.md); anything else
# that is not an x- extension is reported, so nothing is dropped silently.
SERVICE_KEYS = frozenset(
    {
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
        "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
        "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset",
        "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
        "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose",
        "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname",
        "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
        "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
        "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports",
        "post_start", "pre_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
        "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open",
        "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
        "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    }
)

BUILD_KEYS = frozenset(
    {
        "context", "dockerfile", "dockerfile_inline", "args", "ssh", "cache_from", "cache_to",
        "additional_contexts", "extra_hosts", "isolation", "privileged", "labels", "no_cache",
        "network", "pull", "platforms", "secrets", "shm_size", "tags", "target", "ulimits",
        "entitlements", "provenance", "sbom",
    }
)


def service(name: str, r: Reader) -> Service:
    r.check_keys(SERVICE_KEYS, f"service {name!r}")
    return Service(
        name=name,
        image=r.text("image"),
        build=_build(r),
        command=r.command("command"),
        entrypoint=r.command("entrypoint"),
        environment=r.env_map("environment"),
        env_file=parts.env_files(r),
        working_dir=r.text("working_dir"),
        user=r.text("user"),
        group_add=r.texts("group_add"),
        tty=r.flag("tty"),
        stdin_open=r.flag("stdin_open"),
        init=r.opt_flag("init"),
        stop_signal=r.text("stop_signal"),
        stop_grace_period=r.duration("stop_grace_period"),
        healthcheck=parts.healthcheck(r.child("healthcheck")),
        restart=r.text("restart"),
        container_name=r.text("container_name"),
        hostname=r.text("hostname"),
        domainname=r.text("domainname"),
        labels=r.str_map("labels"),
        label_file=r.texts("label_file"),
        annotations=r.str_map("annotations"),
        platform=r.text("platform"),
        pull_policy=r.text("pull_policy"),
        runtime=r.text("runtime"),
        isolation=r.text("isolation"),
        ports=r.convert_list("ports", parts.port),
        expose=r.texts("expose"),
        networks=parts.service_networks(r),
        network_mode=r.text("network_mode"),
        mac_address=r.text("mac_address"),
        links=r.texts("links"),
        external_links=r.texts("external_links"),
        extra_hosts=parts.extra_hosts(r),
        dns=r.texts("dns"),
        dns_opt=r.texts("dns_opt"),
        dns_search=r.texts("dns_search"),
        volumes=r.convert_list("volumes", parts.service_volume),
        volumes_from=r.texts("volumes_from"),
        tmpfs=r.texts("tmpfs"),
        secrets=parts.file_refs(r, "secrets"),
        configs=parts.file_refs(r, "configs"),
        storage_opt=r.str_map("storage_opt"),
        read_only=r.flag("read_only"),
        shm_size=r.size("shm_size"),
        privileged=r.flag("privileged"),
        cap_add=r.texts("cap_add"),
        cap_drop=r.texts("cap_drop"),
        security_opt=r.texts("security_opt"),
        devices=parts.devices(r),
        device_cgroup_rules=r.texts("device_cgroup_rules"),
        gpus=parts.gpus(r),
        sysctls=r.str_map("sysctls"),
        ulimits=parts.ulimits(r),
        pid=r.text("pid"),
        ipc=r.text("ipc"),
        uts=r.text("uts"),
        userns_mode=r.text("userns_mode"),
        cgroup=r.text("cgroup"),
        cgroup_parent=r.text("cgroup_parent"),
        credential_spec=parts.credential_spec(r.child("credential_spec")),
        oom_kill_disable=r.flag("oom_kill_disable"),
        oom_score_adj=r.integer("oom_score_adj"),
        cpu_count=r.integer("cpu_count"),
        cpu_percent=r.number("cpu_percent"),
        cpu_shares=r.integer("cpu_shares"),
        cpu_period=r.integer("cpu_period"),
        cpu_quota=r.integer("cpu_quota"),
        cpu_rt_runtime=_micro(r, "cpu_rt_runtime"),
        cpu_rt_period=_micro(r, "cpu_rt_period"),
        cpus=r.number("cpus"),
        cpuset=r.text("cpuset"),
        mem_limit=r.size("mem_limit"),
        mem_reservation=r.size("mem_reservation"),
        mem_swappiness=r.integer("mem_swappiness"),
        memswap_limit=r.size("memswap_limit"),
        pids_limit=r.integer("pids_limit"),
        blkio_config=parts.blkio(r.child("blkio_config")),
        depends_on=parts.depends_on(r),
        scale=r.integer("scale"),
        deploy=_convert_deploy.deploy(r.child("deploy")),
        profiles=r.texts("profiles"),
        attach=r.flag("attach", default=True),
        logging=parts.logging(r.child("logging")),
        post_start=r.convert_list("post_start", parts.hook),
        pre_start=r.convert_list("pre_start", parts.hook),
        pre_stop=r.convert_list("pre_stop", parts.hook),
        develop=_develop(r.child("develop")),
        models=parts.service_models(r),
        provider=parts.provider(r.child("provider")),
        use_api_socket=r.flag("use_api_socket"),
        extends=parts.extends(r),
        extensions=r.extensions(),
        config_hash=service_config_hash(r.data),
    )


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
