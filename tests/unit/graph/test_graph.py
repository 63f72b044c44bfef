"""The dependency graph: nodes, every edge kind with its data, cycles, orders, selection, dependents."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import CycleError, UsageError
from compose.graph.build import build_graph, network_node, parse_node, service_node, volume_node
from compose.graph.order import dependencies, dependents, generations, select, start_order, teardown_order
from compose.model import Project, build_project


def _project(services: dict[str, Any], **top: Any) -> Project:
    return build_project({"name": "p", "services": services, **top}, working_dir="/p", config_files=[])


def _vol(source: str, target: str) -> dict[str, str]:
    return {"type": "volume", "source": source, "target": target}


@pytest.fixture
def stack() -> Project:
    return _project(
        {
            "web": {
                "image": "x",
                "depends_on": {
                    "api": {"condition": "service_healthy", "required": True, "restart": True},
                    "gone": {"condition": "service_started", "required": False},
                },
                "networks": {"front": None},
            },
            "api": {
                "image": "x",
                "links": ["db:database"],
                "volumes_from": ["files:ro", "container:abc"],
                "networks": {"front": None, "back": None},
            },
            "db": {"image": "x", "networks": {"back": None}, "volumes": [_vol("data", "/var/lib/db"), {"type": "volume", "target": "/anon"}]},
            "files": {"image": "x", "network_mode": "service:db", "ipc": "service:db", "pid": "host"},
            "job": {"image": "x", "depends_on": {"db": {"condition": "service_completed_successfully", "required": True}}},
        },
        networks={"front": {}, "back": {}, "spare": {}},
        volumes={"data": {}},
    )


def test_nodes(stack: Project) -> None:
    g = build_graph(stack)
    assert set(g.nodes) == {
        "service:web", "service:api", "service:db", "service:files", "service:job",
        "network:front", "network:back", "network:spare", "volume:data",
    }
    assert g.nodes["service:web"] == {"kind": "service", "name": "web"}
    assert g.nodes["network:spare"] == {"kind": "network", "name": "spare"}
    assert parse_node("volume:data") == ("volume", "data")
    assert (service_node("a"), network_node("n"), volume_node("v")) == ("service:a", "network:n", "volume:v")


def test_every_edge_kind_with_its_data(stack: Project) -> None:
    g = build_graph(stack)
    assert g.edges["service:web", "service:api"] == {
        "kinds": ("depends_on",), "condition": "service_healthy", "required": True, "restart": True,
    }
    assert g.edges["service:api", "service:db"]["kinds"] == ("link",)
    assert g.edges["service:api", "service:files"]["kinds"] == ("volumes_from",)
    assert g.edges["service:files", "service:db"]["kinds"] == ("network_mode", "ipc")
    assert g.edges["service:job", "service:db"]["condition"] == "service_completed_successfully"
    assert g.edges["service:db", "volume:data"]["kinds"] == ("volume",)
    assert g.edges["service:api", "network:back"]["kinds"] == ("network",)
    assert set(g.successors("service:db")) == {"network:back", "volume:data"}  # anonymous volume: no node
    assert g.graph["missing"] == [("web", "gone", False)]


def test_graph_does_not_touch_the_model(stack: Project) -> None:
    before = stack.service("web")
    build_graph(stack)
    assert stack.service("web") is before and "gone" in before.depends_on


def test_cycle_is_reported_with_its_path() -> None:
    p = _project(
        {
            "a": {"image": "x", "depends_on": {"b": {"condition": "service_started"}}},
            "b": {"image": "x", "links": ["c"]},
            "c": {"image": "x", "volumes_from": ["a"]},
        }
    )
    with pytest.raises(CycleError) as info:
        build_graph(p)
    assert info.value.cycle == ("a", "b", "c", "a")
    assert "a -> b -> c -> a" in str(info.value)


def test_start_and_teardown_order(stack: Project) -> None:
    g = build_graph(stack)
    assert start_order(g) == (("db",), ("files", "job"), ("api",), ("web",))
    assert teardown_order(g) == (("web",), ("api",), ("files", "job"), ("db",))
    layers = generations(g)
    assert layers[0] == ("network:back", "network:front", "network:spare", "volume:data")
    assert generations(g, kinds=["network", "volume"]) == (layers[0],)


def test_dependencies_and_dependents(stack: Project) -> None:
    g = build_graph(stack)
    assert dependencies(g, "web") == ("api", "db", "files")
    assert dependencies(g, "web", transitive=False) == ("api",)
    assert dependents(g, "db") == ("api", "files", "job", "web")
    assert dependents(g, "db", transitive=False) == ("api", "files", "job")
    assert dependents(g, "api", restart_only=True) == ("web",)
    assert dependents(g, "db", restart_only=True) == ()
    with pytest.raises(KeyError):
        dependents(g, "nope")


def test_select(stack: Project) -> None:
    assert set(select(stack, ["api"]).services) == {"api", "db", "files"}
    assert set(select(stack, ["api"], with_deps=False).services) == {"api"}
    assert select(stack, []) is stack
    with pytest.raises(UsageError):
        select(stack, ["nope"])
    sub = select(stack, ["web"], with_deps=False)
    g = build_graph(sub)
    assert set(g.graph["missing"]) == {("web", "api", True), ("web", "gone", False)}
