"""Project.with_* copies, selection with dependencies, replicas."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import UsageError
from compose.model import Project, build_project


def _project(services: dict[str, Any]) -> Project:
    return build_project({"name": "p", "services": services}, working_dir="/p", config_files=[])


@pytest.fixture
def chain() -> Project:
    return _project(
        {
            "web": {"image": "x", "depends_on": {"api": {"condition": "service_healthy", "required": True}}},
            "api": {"image": "x", "links": ["db:database"], "volumes_from": ["data:ro"]},
            "db": {"image": "x", "network_mode": "service:net"},
            "net": {"image": "x"},
            "data": {"image": "x", "ipc": "service:net", "pid": "service:net"},
            "lone": {"image": "x", "scale": 3},
        }
    )


def test_dependencies_follow_every_edge_kind(chain: Project) -> None:
    assert set(chain.dependencies(["web"])) == {"web", "api", "db", "net", "data"}
    assert chain.dependencies(["lone"]) == ("lone",)


def test_dependents(chain: Project) -> None:
    assert set(chain.dependents(["net"])) == {"net", "db", "data", "api", "web"}
    assert chain.dependents(["web"]) == ("web",)


def test_with_services_keeps_deps_and_records_disabled(chain: Project) -> None:
    sub = chain.with_services(["api"])
    assert set(sub.services) == {"api", "db", "net", "data"}
    assert set(sub.disabled) == {"web", "lone"}
    assert set(chain.services) == {"web", "api", "db", "net", "data", "lone"}  # original untouched
    only = chain.with_services(["api"], with_deps=False)
    assert set(only.services) == {"api"}
    assert chain.with_services([]) is chain


def test_unknown_service_is_a_usage_error(chain: Project) -> None:
    with pytest.raises(UsageError, match="no such service: nope"):
        chain.with_services(["nope"])
    with pytest.raises(UsageError):
        chain.service("nope")


def test_replicas_from_scale_or_deploy() -> None:
    p = _project(
        {
            "a": {"image": "x"},
            "b": {"image": "x", "scale": 3},
            "c": {"image": "x", "deploy": {"replicas": 2}},
        }
    )
    assert [p.replicas(n) for n in ("a", "b", "c")] == [1, 3, 2]
    scaled = p.with_scale("c", 5)
    assert scaled.replicas("c") == 5
    assert scaled.service("c").deploy is not None and scaled.service("c").deploy.replicas == 5  # type: ignore[union-attr]
    assert p.replicas("c") == 2
    with pytest.raises(UsageError):
        p.with_scale("a", -1)


def test_resources_used() -> None:
    p = build_project(
        {
            "name": "p",
            "services": {
                "a": {"image": "x", "networks": {"front": None}, "volumes": [{"type": "volume", "source": "v", "target": "/v"}]},
                "b": {"image": "x", "networks": {"back": None}},
            },
            "networks": {"front": {}, "back": {}, "unused": {}},
            "volumes": {"v": {}, "w": {}},
        },
        working_dir="/p",
        config_files=[],
    )
    assert p.networks_used() == ("front", "back")
    assert p.networks_used(["a"]) == ("front",)
    assert p.volumes_used() == ("v",)
