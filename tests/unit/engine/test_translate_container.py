"""container_create: exact Engine API bodies (docker-py's test_create_container_args style).

The expected bodies were checked against what Docker Compose v2.40.3 sends for the same
service (recorded with a logging proxy on the engine socket): same fields and values,
except where a comment says pycompose differs on purpose.
"""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import PlanError
from compose.model import Project, Service, build_project
from compose.model.frozen import FrozenMap
from compose.plan.translate import (
    NOT_CONTAINER_ATTRIBUTES,
    ContainerRef,
    NetworkConnect,
    Resolved,
    container_create,
    container_name,
)

API = "1.41"
HASH = "h" * 64


def project(services: dict[str, Any], **top: Any) -> Project:
    top.setdefault("networks", {"default": {"name": "p_default"}})
    for svc in services.values():
        if "network_mode" not in svc:
            svc.setdefault("networks", {"default": None})
    return build_project(
        {"name": "p", "services": services, **top}, working_dir="/w", config_files=["/w/compose.yaml"]
    )


def create(p: Project, svc: str, number: int = 1, *, api: str = API, **resolved: Any) -> Any:
    return container_create(p, p.service(svc), number, api_version=api, resolved=Resolved(**resolved))


def compose_labels(service: Service, number: int = 1) -> dict[str, str]:
    return {
        "com.docker.compose.project": "p",
        "com.docker.compose.service": service.name,
        "com.docker.compose.version": "0.1.0",
        "com.docker.compose.oneoff": "False",
        "com.docker.compose.container-number": str(number),
        "com.docker.compose.config-hash": service.config_hash,
        "com.docker.compose.depends_on": "",
        "com.docker.compose.project.working_dir": "/w",
        "com.docker.compose.project.config_files": "/w/compose.yaml",
    }


def test_minimal_service() -> None:
    p = project({"web": {"image": "busybox", "command": ["sleep", "1"]}})
    c = create(p, "web", image_id="sha256:abc")
    web = p.service("web")
    assert c.name == "p-web-1"
    assert c.body == {
        "Image": "busybox",
        "AttachStdout": True,
        "AttachStderr": True,
        "Cmd": ["sleep", "1"],
        "Labels": {**compose_labels(web), "com.docker.compose.image": "sha256:abc"},
        "HostConfig": {"NetworkMode": "p_default"},
        "NetworkingConfig": {"EndpointsConfig": {"p_default": {"Aliases": ["p-web-1", "web"]}}},
    }
    assert (c.connect, c.copies, c.platform, c.warnings) == ((), (), None, ())


def test_process_attributes() -> None:
    p = project(
        {
            "web": {
                "image": "busybox",
                "command": [],
                "entrypoint": ["/bin/sh", "-c"],
                "environment": {"A": "1", "B": None},
                "working_dir": "/srv",
                "user": "1000:1000",
                "hostname": "h",
                "domainname": "example.org",
                "tty": True,
                "stdin_open": True,
                "stop_signal": "SIGINT",
                "stop_grace_period": "1m30s",
                "platform": "linux/amd64",
            }
        }
    )
    c = create(p, "web", 2)
    assert c.name == "p-web-2"
    body = c.body
    assert body["Cmd"] == [] and body["Entrypoint"] == ["/bin/sh", "-c"]
    assert body["Env"] == ["A=1", "B"]  # an unset variable goes by name, as v2 sends it
    assert (body["WorkingDir"], body["User"], body["Hostname"], body["Domainname"]) == (
        "/srv", "1000:1000", "h", "example.org",
    )
    assert body["Tty"] is True and body["OpenStdin"] is True
    assert (body["StopSignal"], body["StopTimeout"]) == ("SIGINT", 90)
    assert body["Labels"]["com.docker.compose.container-number"] == "2"
    assert c.platform == "linux/amd64"


def test_container_name_and_image_default() -> None:
    p = project({"web": {"build": {"context": "/w"}, "container_name": "custom"}})
    c = create(p, "web")
    assert c.name == "custom" == container_name(p, p.service("web"), 1)
    assert c.body["Image"] == "p-web"
    assert c.body["NetworkingConfig"]["EndpointsConfig"]["p_default"]["Aliases"] == ["custom", "web"]


def test_labels_user_then_compose_and_optional_ones() -> None:
    p = build_project(
        {
            "name": "p",
            "services": {
                "db": {"image": "x", "networks": {"default": None}},
                "web": {
                    "image": "x",
                    "labels": {"a": "b", "com.docker.compose.project": "evil"},
                    "networks": {"default": None},
                    "depends_on": {
                        "db": {"condition": "service_healthy", "required": True, "restart": True},
                        "cache": {"condition": "service_started", "required": False},
                    },
                },
            },
            "networks": {"default": {"name": "p_default"}},
        },
        working_dir="/w",
        config_files=["/w/a.yaml", "/w/b.yaml"],
        env_files=["/w/.env", "/w/more.env"],
    )
    labels = create(p, "web", 3, replaces=True, slug="abc", oneoff=True).body["Labels"]
    assert labels["a"] == "b"
    assert labels["com.docker.compose.project"] == "p"
    assert labels["com.docker.compose.depends_on"] == "db:service_healthy:true,cache:service_started:false"
    assert labels["com.docker.compose.project.config_files"] == "/w/a.yaml,/w/b.yaml"
    assert labels["com.docker.compose.project.environment_file"] == "/w/.env,/w/more.env"
    assert labels["com.docker.compose.replace"] == "web-3"
    assert labels["com.docker.compose.slug"] == "abc"
    assert labels["com.docker.compose.oneoff"] == "True"
    assert labels["com.docker.compose.config-hash"] == p.service("web").config_hash
    assert "com.docker.compose.image" not in labels  # unknown image id: no label


def test_networks_by_priority_one_at_create_on_old_api() -> None:
    p = project(
        {
            "web": {
                "image": "x",
                "networks": {
                    "back": {"aliases": ["b1"]},
                    "front": {"aliases": ["f1", "web"], "ipv4_address": "172.20.0.5", "priority": 10},
                    "zeta": None,
                },
            }
        },
        networks={"back": {"name": "p_back"}, "front": {"name": "p_front"}, "zeta": {"name": "ext_zeta"}},
    )
    c = create(p, "web")
    assert c.body["HostConfig"]["NetworkMode"] == "p_front"
    assert c.body["NetworkingConfig"] == {
        "EndpointsConfig": {
            "p_front": {"Aliases": ["p-web-1", "web", "f1"], "IPAMConfig": {"IPv4Address": "172.20.0.5"}}
        }
    }
    assert c.connect == (
        NetworkConnect("back", "p_back", {"Aliases": ["p-web-1", "web", "b1"]}),
        NetworkConnect("zeta", "ext_zeta", {"Aliases": ["p-web-1", "web"]}),
    )
    modern = create(p, "web", api="1.44")
    assert modern.connect == ()
    assert list(modern.body["NetworkingConfig"]["EndpointsConfig"]) == ["p_front", "p_back", "ext_zeta"]


def test_mac_address_by_api_version() -> None:
    p = project({"web": {"image": "x", "mac_address": "02:42:ac:11:00:02"}})
    old = create(p, "web")
    assert old.body["MacAddress"] == "02:42:ac:11:00:02"
    new = create(p, "web", api="1.44")
    assert "MacAddress" not in new.body
    assert new.body["NetworkingConfig"]["EndpointsConfig"]["p_default"]["MacAddress"] == "02:42:ac:11:00:02"
    two = project(
        {"web": {"image": "x", "networks": {"a": {"mac_address": "02:00:00:00:00:01"}, "b": {"mac_address": "02:00:00:00:00:02"}}}},
        networks={"a": {"name": "p_a"}, "b": {"name": "p_b"}},
    )
    with pytest.raises(PlanError, match=r"needs Engine API 1\.44"):
        create(two, "web")
    assert create(two, "web", api="1.44").body["NetworkingConfig"]["EndpointsConfig"]["p_b"]["MacAddress"] == (
        "02:00:00:00:00:02"
    )


def test_endpoint_options_need_newer_engines() -> None:
    p = project(
        {"web": {"image": "x", "networks": {"default": {"gw_priority": 5, "interface_name": "eth7", "driver_opts": {"o": "v"}}}}}
    )
    with pytest.raises(PlanError) as info:
        create(p, "web")
    assert info.value.path == "services.web.networks.default.interface_name"
    endpoint = create(p, "web", api="1.49").body["NetworkingConfig"]["EndpointsConfig"]["p_default"]
    assert endpoint["DriverOpts"] == {"o": "v", "com.docker.network.endpoint.ifname": "eth7"}
    assert endpoint["GwPriority"] == 5


def test_service_references_use_observed_containers() -> None:
    p = project(
        {
            "db": {"image": "x", "scale": 2},
            "web": {
                "image": "x",
                "network_mode": "service:db",
                "ipc": "service:db",
                "pid": "container:other",
                "volumes_from": ["db:ro", "container:data:rw"],
                "links": ["db:database"],
                "external_links": ["redis_1", "pg:postgres"],
            },
        }
    )
    observed = FrozenMap({"db": (ContainerRef("id1", "p-db-1", 1), ContainerRef("id2", "p-db-2", 2))})
    c = create(p, "web", containers=observed)
    hc = c.body["HostConfig"]
    assert hc["NetworkMode"] == "container:id1"
    assert hc["IpcMode"] == "container:id1"
    assert hc["PidMode"] == "container:other"
    assert hc["VolumesFrom"] == ["id1:ro", "data:rw"]  # v2 drops the :ro of a service; we keep it
    assert hc["Links"] == [
        "p-db-1:database", "p-db-1:db-1", "p-db-1:p-db-1",
        "p-db-2:database", "p-db-2:db-2", "p-db-2:p-db-2",
        "redis_1:redis_1", "pg:postgres",
    ]
    assert "NetworkingConfig" not in c.body
    # without observed containers, the names the model predicts are used
    predicted = create(p, "web").body["HostConfig"]
    assert predicted["NetworkMode"] == "container:p-db-1"
    assert predicted["Links"][:3] == ["p-db-1:database", "p-db-1:db-1", "p-db-1:p-db-1"]


def test_links_also_go_on_each_endpoint() -> None:
    p = project({"db": {"image": "x"}, "web": {"image": "x", "links": ["db"]}})
    c = create(p, "web")
    links = ["p-db-1:db", "p-db-1:db-1", "p-db-1:p-db-1"]
    assert c.body["HostConfig"]["Links"] == links
    assert c.body["NetworkingConfig"]["EndpointsConfig"]["p_default"]["Links"] == links


def test_no_network_at_all_means_none() -> None:
    p = build_project({"name": "p", "services": {"web": {"image": "x"}}}, working_dir="/w", config_files=[])
    assert create(p, "web").body["HostConfig"]["NetworkMode"] == "none"
    host = project({"web": {"image": "x", "network_mode": "host"}})
    assert create(host, "web").body["HostConfig"]["NetworkMode"] == "host"


def test_run_containers() -> None:
    p = project({"web": {"image": "x", "networks": {"default": {"aliases": ["w"]}}}})
    c = create(p, "web", oneoff=True, slug="0123456789abcdef", name="p-web-run-0123456789ab", use_network_aliases=False)
    assert c.name == "p-web-run-0123456789ab"
    assert c.body["NetworkingConfig"]["EndpointsConfig"]["p_default"]["Aliases"] == ["p-web-run-0123456789ab"]
    assert c.body["Labels"]["com.docker.compose.oneoff"] == "True"


def test_refused_attributes_name_themselves() -> None:
    cases: dict[str, dict[str, Any]] = {
        "provider": {"provider": {"type": "model", "options": {"model": ["ai/x"]}}},
        "models": {"models": {"llm": None}},
        "deploy.mode": {"deploy": {"mode": "global"}},
    }
    for key, attrs in cases.items():
        p = project({"web": {"image": "x", **attrs}}, models={"llm": {"model": "ai/x"}})
        with pytest.raises(PlanError) as info:
            create(p, "web")
        assert info.value.path == f"services.web.{key}", key


def test_swarm_only_settings_come_back_as_warnings() -> None:
    p = project(
        {
            "web": {
                "image": "x",
                "deploy": {
                    "labels": {"a": "b"},
                    "placement": {"constraints": ["node.role==manager"]},
                    "update_config": {"parallelism": 2},
                    "resources": {"reservations": {"cpus": 0.5}},
                    "restart_policy": {"condition": "on-failure", "delay": "5s"},
                },
            },
            "quiet": {"image": "x", "deploy": {"placement": {}, "replicas": 2}},
        }
    )
    warnings = create(p, "web").warnings
    assert [w.split(":")[0] for w in warnings] == [
        "services.web.deploy.labels",
        "services.web.deploy.placement",
        "services.web.deploy.update_config",
        "services.web.deploy.restart_policy",
        "services.web.deploy.resources.reservations.cpus",
    ]
    assert create(p, "quiet").warnings == ()


# Every attribute of Service is translated here, or handled by another stage.
TRANSLATED = {
    "name", "image", "command", "entrypoint", "environment", "working_dir", "user", "group_add", "tty",
    "stdin_open", "init", "stop_signal", "stop_grace_period", "healthcheck", "restart", "container_name",
    "hostname", "domainname", "labels", "annotations", "platform", "runtime", "isolation", "ports", "expose",
    "networks", "network_mode", "mac_address", "links", "external_links", "extra_hosts", "dns", "dns_opt",
    "dns_search", "volumes", "volumes_from", "tmpfs", "secrets", "configs", "storage_opt", "read_only",
    "shm_size", "privileged", "cap_add", "cap_drop", "security_opt", "devices", "device_cgroup_rules", "gpus",
    "sysctls", "ulimits", "pid", "ipc", "uts", "userns_mode", "cgroup", "cgroup_parent", "credential_spec",
    "oom_kill_disable", "oom_score_adj", "cpu_count", "cpu_percent", "cpu_shares", "cpu_period", "cpu_quota",
    "cpu_rt_runtime", "cpu_rt_period", "cpus", "cpuset", "mem_limit", "mem_reservation", "mem_swappiness",
    "memswap_limit", "pids_limit", "blkio_config", "deploy", "logging", "models", "provider",
    "use_api_socket", "config_hash",
}


def test_translation_is_total() -> None:
    import dataclasses

    fields = {f.name for f in dataclasses.fields(Service)}
    elsewhere = {k for k in NOT_CONTAINER_ATTRIBUTES if k != "x-*"} | {"extensions"}
    assert fields - TRANSLATED - elsewhere == set(), "classify new Service attributes in translate.py"
    assert TRANSLATED & elsewhere == set()


def test_replacement_is_created_under_a_temporary_name_with_final_aliases() -> None:
    p = project({"web": {"image": "x"}})
    c = create(p, "web", 2, name="0123456789ab_p-web-2", replaces=True)
    assert c.name == "0123456789ab_p-web-2"
    assert c.body["NetworkingConfig"]["EndpointsConfig"]["p_default"]["Aliases"] == ["p-web-2", "web"]
    assert c.body["Labels"]["com.docker.compose.replace"] == "web-2"
