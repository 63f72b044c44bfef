"""container_create: ports, health checks, restart policies, resources, devices, security."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import PlanError
from compose.model import Project, build_project
from compose.model.frozen import FrozenMap
from compose.plan.translate import Resolved, container_create, seccomp_profile_paths

S = 1_000_000_000


def project(service: dict[str, Any]) -> Project:
    service.setdefault("image", "x")
    service.setdefault("networks", {"default": None})
    return build_project(
        {"name": "p", "services": {"web": service}, "networks": {"default": {"name": "p_default"}}},
        working_dir="/w",
        config_files=[],
    )


def body(service: dict[str, Any], api: str = "1.41", **resolved: Any) -> dict[str, Any]:
    p = project(service)
    out: dict[str, Any] = container_create(p, p.service("web"), 1, api_version=api, resolved=Resolved(**resolved)).body
    return out


def failure(service: dict[str, Any], api: str = "1.41") -> PlanError:
    with pytest.raises(PlanError) as info:
        body(service, api)
    return info.value


def test_ports_every_form() -> None:
    b = body(
        {
            "ports": [
                {"target": 80, "published": "8080", "protocol": "tcp", "mode": "ingress"},
                {"target": 53, "published": "5353", "host_ip": "127.0.0.1", "protocol": "udp"},
                {"target": 3000, "protocol": "tcp"},
                {"target": 80, "published": "8081", "host_ip": "::1", "protocol": "tcp", "name": "alt", "app_protocol": "http"},
                {"target": 9000, "published": "9000-9010", "protocol": "tcp"},
            ],
            "expose": ["3000", "4000-4002/udp", "5000/tcp"],
        }
    )
    assert body_keys(b["ExposedPorts"]) == ["3000/tcp", "4000/udp", "4001/udp", "4002/udp", "5000/tcp", "80/tcp", "53/udp", "9000/tcp"]
    assert b["HostConfig"]["PortBindings"] == {
        "80/tcp": [{"HostIp": "", "HostPort": "8080"}, {"HostIp": "::1", "HostPort": "8081"}],
        "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}],
        "3000/tcp": [{"HostIp": "", "HostPort": ""}],
        "9000/tcp": [{"HostIp": "", "HostPort": "9000-9010"}],
    }


def body_keys(mapping: dict[str, Any]) -> list[str]:
    return list(mapping)


def test_bad_expose_is_a_plan_error() -> None:
    assert failure({"expose": ["http"]}).path == "services.web.expose[0]"


def test_healthcheck() -> None:
    hc = {"test": ["CMD-SHELL", "true"], "interval": "2s", "timeout": "1s", "retries": 3, "start_period": "5s"}
    assert body({"healthcheck": hc})["Healthcheck"] == {
        "Test": ["CMD-SHELL", "true"], "Interval": 2 * S, "Timeout": S, "StartPeriod": 5 * S, "Retries": 3,
    }
    assert body({"healthcheck": {"disable": True}})["Healthcheck"] == {"Test": ["NONE"]}
    assert body({"healthcheck": {"interval": "10s"}})["Healthcheck"] == {"Interval": 10 * S}  # image's test kept
    assert "Healthcheck" not in body({})


def test_start_interval_needs_api_1_44_as_in_v2() -> None:
    hc = {"test": ["CMD", "true"], "start_interval": "1s"}
    assert failure({"healthcheck": hc}).path == "services.web.healthcheck.start_interval"
    assert body({"healthcheck": hc}, "1.44")["Healthcheck"]["StartInterval"] == S


@pytest.mark.parametrize(
    ("service", "policy"),
    [
        ({"restart": "no"}, {"Name": "no"}),
        ({"restart": "always"}, {"Name": "always"}),
        ({"restart": "unless-stopped"}, {"Name": "unless-stopped"}),
        ({"restart": "on-failure"}, {"Name": "on-failure"}),
        ({"restart": "on-failure:3"}, {"Name": "on-failure", "MaximumRetryCount": 3}),
        ({"deploy": {"restart_policy": {"condition": "any"}}}, {"Name": "always"}),
        ({"deploy": {"restart_policy": {"condition": "none"}}}, {"Name": "no"}),
        (
            {"restart": "always", "deploy": {"restart_policy": {"condition": "on-failure", "max_attempts": 2}}},
            {"Name": "on-failure", "MaximumRetryCount": 2},
        ),
    ],
)
def test_restart_policy(service: dict[str, Any], policy: dict[str, Any]) -> None:
    assert body(service)["HostConfig"]["RestartPolicy"] == policy


def test_restart_policy_problems() -> None:
    # the engine refuses a retry count with 'always'; v2 sends it anyway and fails at create
    assert failure({"deploy": {"restart_policy": {"condition": "any", "max_attempts": 2}}}).path == (
        "services.web.deploy.restart_policy"
    )
    assert failure({"restart": "sometimes"}).path == "services.web.restart"


def test_resources_from_old_keys() -> None:
    hc = body(
        {
            "mem_limit": "64m", "mem_reservation": "32m", "memswap_limit": "128m", "mem_swappiness": 0,
            "cpu_shares": 512, "cpu_period": 100000, "cpu_quota": 50000, "cpuset": "0-1",
            "cpu_rt_runtime": 400, "cpu_rt_period": 1000, "cpu_count": 2, "cpu_percent": 50,
            "pids_limit": 100, "oom_kill_disable": True, "oom_score_adj": -100, "cgroup_parent": "cg",
            "shm_size": "64m", "ulimits": {"nofile": {"soft": 1, "hard": 2}, "nproc": 5},
            "blkio_config": {
                "weight": 300,
                "weight_device": [{"Path": "/dev/sda", "Weight": 400}],
                "device_read_bps": [{"Path": "/dev/sda", "Rate": "1048576"}],
                "device_write_iops": [{"Path": "/dev/sda", "Rate": "100"}],
            },
        }
    )["HostConfig"]
    assert {k: v for k, v in hc.items() if k != "NetworkMode"} == {
        "Memory": 64 << 20, "MemoryReservation": 32 << 20, "MemorySwap": 128 << 20, "MemorySwappiness": 0,
        "CpuShares": 512, "CpuPeriod": 100000, "CpuQuota": 50000, "CpusetCpus": "0-1",
        "CpuRealtimeRuntime": 400, "CpuRealtimePeriod": 1000, "CpuCount": 2, "CpuPercent": 50,
        "PidsLimit": 100, "OomKillDisable": True, "OomScoreAdj": -100, "CgroupParent": "cg",
        "ShmSize": 64 << 20,
        "Ulimits": [{"Name": "nofile", "Soft": 1, "Hard": 2}, {"Name": "nproc", "Soft": 5, "Hard": 5}],
        "BlkioWeight": 300,
        "BlkioWeightDevice": [{"Path": "/dev/sda", "Weight": 400}],
        "BlkioDeviceReadBps": [{"Path": "/dev/sda", "Rate": 1 << 20}],
        "BlkioDeviceWriteIOps": [{"Path": "/dev/sda", "Rate": 100}],
    }


def test_deploy_resources_override_old_keys() -> None:
    hc = body(
        {
            "mem_limit": "1g", "cpus": 2, "pids_limit": 10,
            "deploy": {"resources": {"limits": {"cpus": 0.25, "memory": "32m", "pids": 50}, "reservations": {"memory": "16m"}}},
        }
    )["HostConfig"]
    assert (hc["Memory"], hc["NanoCpus"], hc["PidsLimit"], hc["MemoryReservation"]) == (
        32 << 20, 250_000_000, 50, 16 << 20,
    )


def test_cpus_and_cpu_quota_conflict_like_the_engine_says() -> None:
    assert failure({"cpus": 0.5, "cpu_quota": 50000}).path == "services.web.cpus"


def test_devices_gpus_and_reservations() -> None:
    hc = body(
        {
            "devices": [
                {"source": "/dev/null", "target": "/dev/xnull", "permissions": "rw"},
                {"source": "nvidia.com/gpu=all", "target": "nvidia.com/gpu=all", "permissions": "rwm"},
            ],
            "gpus": [{"driver": "nvidia", "count": -1}],
            "deploy": {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"], "driver": "nvidia", "device_ids": ["0"], "options": {"a": "b"}}]}}},
        }
    )["HostConfig"]
    assert hc["Devices"] == [{"PathOnHost": "/dev/null", "PathInContainer": "/dev/xnull", "CgroupPermissions": "rw"}]
    assert hc["DeviceRequests"] == [
        {"Driver": "cdi", "DeviceIDs": ["nvidia.com/gpu=all"]},
        {"Driver": "nvidia", "Count": -1, "Capabilities": [["gpu"]]},
        {"Driver": "nvidia", "DeviceIDs": ["0"], "Capabilities": [["gpu"]], "Options": {"a": "b"}},
    ]
    assert body({"gpus": "all"})["HostConfig"]["DeviceRequests"] == [{"Count": -1, "Capabilities": [["gpu"]]}]


def test_privileges_and_namespaces() -> None:
    hc = body(
        {
            "privileged": True, "read_only": True, "init": False,
            "cap_add": ["NET_ADMIN", "CAP_SYS_TIME", "ALL"], "cap_drop": ["MKNOD"],
            "security_opt": ["no-new-privileges:true", "label=type:svirt_apache_t", "systempaths=unconfined"],
            "group_add": ["mail", "0"], "pid": "host", "ipc": "shareable", "uts": "host", "userns_mode": "host",
            "cgroup": "private", "isolation": "default", "runtime": "runc",
            "sysctls": {"net.core.somaxconn": "1024"}, "storage_opt": {"size": "1G"},
            "dns": ["8.8.8.8"], "dns_opt": ["use-vc"], "dns_search": ["example.com"],
            "extra_hosts": ["a=1.2.3.4", "b=::1"],
            "logging": {"driver": "json-file", "options": {"max-size": "10m"}},
            "device_cgroup_rules": ["c 1:3 mr"],
            "credential_spec": {"file": "spec.json"},
        }
    )["HostConfig"]
    assert hc["Privileged"] is True and hc["ReadonlyRootfs"] is True and hc["Init"] is False
    assert hc["CapAdd"] == ["CAP_NET_ADMIN", "CAP_SYS_TIME", "ALL"] and hc["CapDrop"] == ["CAP_MKNOD"]
    assert hc["SecurityOpt"] == [
        "no-new-privileges:true", "label=type:svirt_apache_t", "credentialspec=file://spec.json",
    ]
    assert hc["MaskedPaths"] == [] and hc["ReadonlyPaths"] == []
    assert (hc["PidMode"], hc["IpcMode"], hc["UTSMode"], hc["UsernsMode"], hc["CgroupnsMode"]) == (
        "host", "shareable", "host", "host", "private",
    )
    assert (hc["Isolation"], hc["Runtime"]) == ("default", "runc")
    assert hc["GroupAdd"] == ["mail", "0"]
    assert hc["Sysctls"] == {"net.core.somaxconn": "1024"} and hc["StorageOpt"] == {"size": "1G"}
    assert (hc["Dns"], hc["DnsOptions"], hc["DnsSearch"]) == (["8.8.8.8"], ["use-vc"], ["example.com"])
    assert hc["ExtraHosts"] == ["a:1.2.3.4", "b:::1"]
    assert hc["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "10m"}}
    assert hc["DeviceCgroupRules"] == ["c 1:3 mr"]


def test_seccomp_profile_is_inlined_from_resolved_text() -> None:
    service = {"security_opt": ["seccomp=profile.json", "seccomp:unconfined"]}
    assert seccomp_profile_paths(project(service).service("web")) == ("profile.json",)
    assert failure(service).path == "services.web.security_opt[0]"
    hc = body(service, seccomp_profiles=FrozenMap({"/w/profile.json": '{ "defaultAction": "SCMP_ACT_ALLOW" }'}))
    assert hc["HostConfig"]["SecurityOpt"] == ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}', "seccomp:unconfined"]


def test_annotations_need_api_1_43() -> None:
    assert failure({"annotations": {"a": "b"}}).path == "services.web.annotations"
    assert body({"annotations": {"a": "b"}}, "1.43")["HostConfig"]["Annotations"] == {"a": "b"}


def test_stop_timeout_truncates_to_seconds() -> None:
    assert body({"stop_grace_period": "1500ms"})["StopTimeout"] == 1
    assert body({"stop_grace_period": "0s"})["StopTimeout"] == 0
    assert "StopTimeout" not in body({})
