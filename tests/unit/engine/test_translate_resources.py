"""network_create and volume_create bodies, with the labels Docker Compose v2 writes."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import PlanError
from compose.model import Project, build_project
from compose.plan.translate import network_create, volume_create


def project(**top: Any) -> Project:
    return build_project({"name": "p", **top}, working_dir="/w", config_files=[])


def test_plain_network_on_api_1_41() -> None:
    p = project(networks={"default": {"name": "p_default"}})
    n = network_create(p, p.networks["default"], api_version="1.41")
    assert (n.key, n.name) == ("default", "p_default")
    assert n.body == {
        "Name": "p_default",
        "CheckDuplicate": True,
        "Labels": {
            "com.docker.compose.project": "p",
            "com.docker.compose.network": "default",
            "com.docker.compose.version": "0.1.0",
            "com.docker.compose.config-hash": p.networks["default"].config_hash,
        },
    }
    assert "CheckDuplicate" not in network_create(p, p.networks["default"], api_version="1.44").body


def test_network_with_everything() -> None:
    p = project(
        networks={
            "front": {
                "name": "p_front",
                "driver": "bridge",
                "driver_opts": {"com.docker.network.bridge.name": "br0"},
                "internal": True,
                "attachable": True,
                "enable_ipv6": True,
                "ipam": {
                    "driver": "default",
                    "config": [{"subnet": "172.31.0.0/24", "ip_range": "172.31.0.0/25", "gateway": "172.31.0.1", "aux_addresses": {"a": "172.31.0.5"}}],
                    "options": {"o": "p"},
                },
                "labels": {"user": "label", "com.docker.compose.project": "evil"},
            }
        }
    )
    body = network_create(p, p.networks["front"], api_version="1.41").body
    assert body["Driver"] == "bridge"
    assert body["Options"] == {"com.docker.network.bridge.name": "br0"}
    assert (body["Internal"], body["Attachable"], body["EnableIPv6"]) == (True, True, True)
    # v2 leaves ipam.options out; pycompose sends them
    assert body["IPAM"] == {
        "Driver": "default",
        "Config": [{"Subnet": "172.31.0.0/24", "IPRange": "172.31.0.0/25", "Gateway": "172.31.0.1", "AuxiliaryAddresses": {"a": "172.31.0.5"}}],
        "Options": {"o": "p"},
    }
    assert body["Labels"]["user"] == "label" and body["Labels"]["com.docker.compose.project"] == "p"


def test_enable_ipv4() -> None:
    p = project(networks={"v6": {"name": "p_v6", "enable_ipv4": False}, "v4": {"name": "p_v4", "enable_ipv4": True}})
    with pytest.raises(PlanError) as info:
        network_create(p, p.networks["v6"], api_version="1.41")
    assert info.value.path == "networks.v6.enable_ipv4"
    assert network_create(p, p.networks["v6"], api_version="1.47").body["EnableIPv4"] is False
    assert "EnableIPv4" not in network_create(p, p.networks["v4"], api_version="1.41").body


def test_external_resources_are_never_created() -> None:
    p = project(networks={"n": {"name": "shared", "external": True}}, volumes={"v": {"name": "kept", "external": True}})
    with pytest.raises(PlanError, match="external"):
        network_create(p, p.networks["n"], api_version="1.41")
    with pytest.raises(PlanError, match="external"):
        volume_create(p, p.volumes["v"])


def test_volume_bodies() -> None:
    p = project(
        volumes={
            "data": {"name": "p_data"},
            "tmp": {"name": "p_tmp", "driver": "local", "driver_opts": {"type": "tmpfs", "device": "tmpfs"}, "labels": {"vl": "v"}},
        }
    )
    v = volume_create(p, p.volumes["data"])
    assert (v.key, v.name) == ("data", "p_data")
    assert v.body == {
        "Name": "p_data",
        "Labels": {
            "com.docker.compose.project": "p",
            "com.docker.compose.volume": "data",
            "com.docker.compose.version": "0.1.0",
            "com.docker.compose.config-hash": p.volumes["data"].config_hash,
        },
    }
    tmp = volume_create(p, p.volumes["tmp"]).body
    assert (tmp["Driver"], tmp["DriverOpts"], tmp["Labels"]["vl"]) == ("local", {"type": "tmpfs", "device": "tmpfs"}, "v")
    # the default driver spelled out or not: same hash, so no needless volume recreation
    assert p.volumes["data"].config_hash == project(volumes={"data": {"name": "p_data", "driver": "local"}}).volumes["data"].config_hash
