"""Field values of the model built from v2's canonical output of a file using every attribute."""

from __future__ import annotations

from compose.model import (
    DependsOn,
    Device,
    DeviceRequest,
    ExtraHost,
    FileRef,
    Healthcheck,
    Hook,
    Logging,
    Port,
    Project,
    ServiceNetwork,
    ServiceVolume,
    Ulimit,
)
from compose.model.parts import (
    BindOptions,
    ImageOptions,
    ThrottleDevice,
    TmpfsOptions,
    VolumeOptions,
    WeightDevice,
)

S = 1_000_000_000


def test_process_attributes(full: Project) -> None:
    web = full.service("web")
    assert web.image == "pycompose/busybox:latest"
    assert web.command == ("echo", "hello")
    assert web.entrypoint == ("/bin/sh", "-c")
    assert web.environment == {"A": "1", "B": None, "FOO": "bar"}
    assert web.working_dir == "/code"
    assert web.user == "1000:1000"
    assert web.tty and web.stdin_open and web.init and web.privileged and web.read_only
    assert web.stop_signal == "SIGTERM"
    assert web.stop_grace_period == 60 * S
    assert web.restart == "unless-stopped"
    assert web.container_name == "fullweb"
    assert web.labels == {"la": "1", "lb": ""}
    assert web.annotations == {"a": "b"}
    assert web.attach is False
    assert web.profiles == ("p1",)
    assert web.pull_policy == "missing"
    assert web.scale == 1 and web.replicas == 1


def test_unset_command_is_none_not_empty(full: Project) -> None:
    db = full.service("db")
    assert db.command is None and db.entrypoint is None
    assert db.init is None


def test_healthcheck_durations_are_nanoseconds(full: Project) -> None:
    assert full.service("web").healthcheck == Healthcheck(
        test=("CMD-SHELL", "wget -q -O- http://localhost"),
        interval=90 * S,
        timeout=10 * S,
        start_period=40 * S,
        start_interval=5 * S,
        retries=3,
    )
    disabled = full.service("db").healthcheck
    assert disabled is not None and disabled.disabled


def test_ports(full: Project) -> None:
    ports = full.service("web").ports
    assert ports[0] == Port(target=80, published="8080")
    assert ports[1] == Port(target=9000, published="9000", host_ip="127.0.0.1", protocol="udp")
    assert ports[3] == Port(target=3000)
    assert ports[4] == Port(
        target=81, published="8081", host_ip="127.0.0.1", mode="host", name="web", app_protocol="http"
    )
    assert full.service("web").expose == ("3000", "4000-4002/udp")


def test_volumes_every_type(full: Project) -> None:
    v = full.service("web").volumes
    assert v[0] == ServiceVolume(type="volume", source="data", target="/data", read_only=True, volume=VolumeOptions())
    assert v[1] == ServiceVolume(
        type="bind", source="/proj/src", target="/src", bind=BindOptions(selinux="z", create_host_path=True)
    )
    assert v[2].bind == BindOptions(propagation="rslave", create_host_path=True)
    assert v[3].volume == VolumeOptions(nocopy=True, subpath="sub")
    assert v[4] == ServiceVolume(type="tmpfs", target="/t", tmpfs=TmpfsOptions(size=1000, mode=0o700))
    assert v[5].bind == BindOptions(propagation="rprivate", create_host_path=False, selinux="Z")
    assert v[5].consistency == "cached"
    assert v[6] == ServiceVolume(type="image", source="img", target="/img", image=ImageOptions(subpath="/x"))
    assert v[7].type == "npipe"
    assert v[8] == ServiceVolume(type="volume", target="/anon", volume=VolumeOptions())
    assert not v[8].is_named_volume and v[0].is_named_volume
    assert full.service("web").tmpfs == ("/run", "/tmp:size=64m")
    assert full.service("web").volumes_from == ("db", "container:abc:ro")
    assert full.service("web").volumes_from_services == ("db",)


def test_networks_and_dependencies(full: Project) -> None:
    db = full.service("db")
    assert db.networks["back"] is None
    assert db.networks["front"] == ServiceNetwork(
        aliases=("a1",),
        ipv4_address="172.28.0.5",
        ipv6_address="2001:db8::5",
        link_local_ips=("169.254.0.5",),
        mac_address="02:42:ac:11:65:44",
        driver_opts={"a": "b"},
        priority=100,
        gw_priority=3,
        interface_name="eth5",
    )
    assert db.networks_by_priority() == ("front", "back")
    web = full.service("web")
    assert web.depends_on == {
        "db": DependsOn("service_healthy", required=True, restart=True),
        "other": DependsOn("service_completed_successfully", required=False),
    }
    assert web.network_mode == "bridge"
    assert full.service("other").network_mode_service == "db"
    assert web.links == ("db:database",) and web.link_services == ("db",)
    assert web.external_links == ("x:y",)
    assert web.extra_hosts == (ExtraHost("h1", "1.2.3.4"), ExtraHost("h2", "::1"))
    assert web.dns == ("8.8.8.8",) and web.dns_opt == ("use-vc",) and web.dns_search == ("example.com",)
    assert web.mac_address == "02:42:ac:11:65:43"
    assert web.hostname == "web" and web.domainname == "foo.com"


def test_resources_and_limits(full: Project) -> None:
    web = full.service("web")
    assert web.mem_limit == 1 << 30
    assert web.mem_reservation == 512 << 20
    assert web.memswap_limit == 2 << 30
    assert web.mem_swappiness == 60
    assert web.shm_size == 64 << 20
    assert (web.cpus, web.cpu_shares, web.cpu_quota, web.cpu_period) == (0.5, 512, 50000, 100000)
    assert (web.cpu_rt_runtime, web.cpu_rt_period, web.cpu_count, web.cpu_percent) == (400000, 1400, 2, 50)
    assert web.cpuset == "0" and web.pids_limit == 10
    assert web.ulimits == {"nofile": Ulimit(20000, 40000), "nproc": Ulimit(65535, 65535)}
    assert web.sysctls == {"net.core.somaxconn": "1024"}
    assert web.devices == (Device("/dev/null", "/dev/xnull", "rw"), Device("/dev/zero", "/dev/zero", "rwm"))
    assert web.gpus == (DeviceRequest(count=-1),)
    assert web.blkio_config is not None
    assert web.blkio_config.weight == 300
    assert web.blkio_config.weight_device == (WeightDevice("/dev/sda", 400),)
    assert web.blkio_config.device_read_bps == (ThrottleDevice("/dev/sda", 1 << 20),)
    assert web.oom_kill_disable and web.oom_score_adj == 500
    assert web.storage_opt == {"size": "1G"}


def test_namespaces_and_security(full: Project) -> None:
    web = full.service("web")
    assert (web.pid, web.ipc, web.uts, web.userns_mode, web.cgroup, web.cgroup_parent) == (
        "host", "shareable", "host", "host", "host", "foo",
    )
    assert web.cap_add == ("NET_ADMIN",) and web.cap_drop == ("ALL",)
    assert web.security_opt == ("no-new-privileges:true",)
    assert web.group_add == ("mail",)
    assert web.device_cgroup_rules == ("c 1:3 mr",)
    assert web.credential_spec is not None and web.credential_spec.file == "x.json"
    assert web.runtime == "runc" and web.platform == "linux/amd64" and web.isolation == "default"
    assert web.use_api_socket


def test_secrets_configs_logging_hooks_models(full: Project) -> None:
    web = full.service("web")
    assert web.secrets == (FileRef("s1", "/run/secrets/s1"), FileRef("s2", "s2t", mode=0o400))
    assert web.configs == (FileRef("c1"), FileRef("c2", "/c2", uid="1", gid="2", mode=0o440))
    assert web.logging == Logging("json-file", {"max-size": "10m"})
    assert web.post_start == (
        Hook(command=("echo", "hi"), user="root", privileged=True, working_dir="/", environment={"X": "1"}),
    )
    assert web.pre_stop == (Hook(command=("echo", "bye")),)
    assert dict(web.models) == {"m1": None}
    other = full.service("other")
    assert other.provider is not None and other.provider.type == "model"
    assert other.provider.options == {"model": ("ai/x",)}


def test_deploy(full: Project) -> None:
    db = full.service("db")
    assert db.replicas == 2
    d = db.deploy
    assert d is not None and d.mode == "replicated" and d.endpoint_mode == "vip"
    assert d.resources.limits is not None and d.resources.limits.cpus == 0.5
    assert d.resources.limits.memory == 50 << 20 and d.resources.limits.pids == 3
    assert d.resources.reservations is not None
    assert d.resources.reservations.devices == (
        DeviceRequest(capabilities=("gpu",), driver="nvidia", count=-1, options={"a": "b"}),
    )
    assert d.restart_policy is not None
    assert (d.restart_policy.condition, d.restart_policy.delay, d.restart_policy.window) == (
        "on-failure", 5 * S, 120 * S,
    )
    assert d.restart_policy.max_attempts == 3
    assert d.placement is not None and d.placement.constraints == ("a==b",)
    assert d.rollback_config is not None and d.rollback_config.max_failure_ratio == 0.1


def test_build_and_develop(full: Project) -> None:
    db = full.service("db")
    b = db.build
    assert b is not None
    assert b.context == "/proj" and b.dockerfile == "Dockerfile" and b.target == "t"
    assert b.args == {"A": "1"} and b.shm_size == 1 << 30 and b.no_cache and b.pull and b.privileged
    assert b.extra_hosts == (ExtraHost("h", "1.1.1.1"),)
    assert b.additional_contexts == {"x": "/proj/x"}
    assert b.secrets == (FileRef("s1"),)
    assert b.ulimits == {"nofile": Ulimit(1, 1)}
    assert b.provenance == "true" and b.sbom == "true"
    assert db.develop is not None
    first, second = db.develop.watch
    assert first.action == "sync" and first.exec is None and first.initial_sync
    assert second.exec == Hook(command=("ls",), user="root", privileged=True, working_dir="/", environment={"A": "b"})
