"""Top-level resources, error reporting, and the read-only guarantees of the model."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from compose.errors import Location, ValidationError
from compose.load.sourcemap import SourceMap
from compose.model import Project, build_project
from compose.model.resources import IpamPool


def test_project_fields(full: Project) -> None:
    assert full.name == "full"
    assert full.working_dir == "/proj"
    assert full.config_files == ("/proj/compose.yaml",)
    assert tuple(full.services) == ("db", "ext", "other", "web")


def test_networks(full: Project) -> None:
    front = full.networks["front"]
    assert front.name == "full_front" and front.driver == "bridge" and front.internal and front.attachable
    assert front.enable_ipv6 is True and front.enable_ipv4 is True
    assert front.ipam.driver == "default"
    assert front.ipam.config == (
        IpamPool("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", {"host1": "172.28.1.5"}),
    )
    assert front.labels == {"l": "1"}
    back = full.networks["back"]
    assert back.external and back.name == "realback"
    assert len(front.config_hash) == 64 and front.config_hash != back.config_hash


def test_volumes_secrets_configs(full: Project) -> None:
    data = full.volumes["data"]
    assert (data.name, data.driver, data.external) == ("full_data", "local", False)
    assert data.driver_opts == {"type": "tmpfs", "device": "tmpfs"}
    assert full.secrets["s1"].file == "/proj/s.txt"
    assert full.secrets["s2"].environment == "HOME"
    assert full.configs["c2"].content == "hello $${X}"
    assert full.configs["c1"].name == "full_c1"


def test_model_is_immutable(full: Project) -> None:
    web = full.service("web")
    with pytest.raises(dataclasses.FrozenInstanceError):
        web.image = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        web.labels["x"] = "y"  # type: ignore[index]
    assert hash(web) == hash(full.service("web"))


def _minimal(**service: Any) -> dict[str, Any]:
    return {"name": "p", "services": {"web": {"image": "x", **service}}}


def test_every_problem_is_reported_with_its_path() -> None:
    data = _minimal(ports=[{"target": "eighty"}], stop_grace_period="soon", bogus=1, healthcheck=[1])
    with pytest.raises(ValidationError) as info:
        build_project(data, working_dir="/p", config_files=[])
    paths = {issue.path for issue in info.value.issues}
    assert paths == {
        "services.web.ports[0].target",
        "services.web.stop_grace_period",
        "services.web.bogus",
        "services.web.healthcheck",
    }


def test_issue_location_comes_from_the_source_map() -> None:
    sources = SourceMap({("services", "web"): Location("compose.yaml", 2, 3)})
    with pytest.raises(ValidationError) as info:
        build_project(_minimal(tty="maybe"), working_dir="/p", config_files=[], sources=sources)
    issue = info.value.issues[0]
    assert issue.location == Location("compose.yaml", 2, 3)
    assert "compose.yaml:2:3" in str(info.value)


def test_extensions_kept_and_frozen() -> None:
    p = build_project(
        {"name": "p", "x-top": {"a": [1, 2]}, "services": {"web": {"image": "x", "x-meta": {"k": "v"}}}},
        working_dir="/p",
        config_files=[],
    )
    assert p.extensions["x-top"] == {"a": (1, 2)}
    assert p.service("web").extensions["x-meta"] == {"k": "v"}
    hash(p.extensions)


def test_lenient_short_forms() -> None:
    p = build_project(
        _minimal(depends_on=["db"], networks=["n"], environment=["A=1", "B"], command="sh -c 'echo hi'"),
        working_dir="/p",
        config_files=[],
    )
    web = p.service("web")
    assert web.depends_on["db"].condition == "service_started"
    assert dict(web.networks) == {"n": None}
    assert web.environment == {"A": "1", "B": None}
    assert web.command == ("sh", "-c", "echo hi")


def test_resource_names_default_when_absent() -> None:
    p = build_project(
        {"name": "p", "networks": {"n": None, "e": {"external": True}}, "volumes": {"v": {}}},
        working_dir="/p",
        config_files=[],
    )
    assert p.networks["n"].name == "p_n"
    assert p.networks["e"].name == "e"
    assert p.volumes["v"].name == "p_v"
