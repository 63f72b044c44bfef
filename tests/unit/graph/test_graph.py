"""The dependency graph (pure Python): nodes, every edge kind with its data, cycles, orders, selection, dependents."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import CycleError
from compose.graph.build import build_graph, graph_of_dependencies, network_node, service_node, volume_node
from compose.graph.structure import Edge, Missing, parse_node
from compose.model import Project, build_project
from compose.model.deps import Dependency


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
    assert g.services == ("web", "api", "db", "files", "job")
    assert g.nodes_of("network") == ("front", "back", "spare")
    assert parse_node("volume:data") == ("volume", "data")
    assert (service_node("a"), network_node("n"), volume_node("v")) == ("service:a", "network:n", "volume:v")


def test_every_edge_kind_with_its_data(stack: Project) -> None:
    g = build_graph(stack)
    assert g.edge("web", "api") == Edge("service:web", "service:api", ("depends_on",), "service_healthy", True, True)
    assert g.edge("api", "db").kinds == ("link",)  # type: ignore[union-attr]
    assert g.edge("api", "files").kinds == ("volumes_from",)  # type: ignore[union-attr]
    assert g.edge("files", "db").kinds == ("network_mode", "ipc")  # type: ignore[union-attr]
    assert g.edge("job", "db").condition == "service_completed_successfully"  # type: ignore[union-attr]
    assert {(e.target, e.kinds) for e in g.out_edges("service:db")} == {
        ("network:back", ("network",)), ("volume:data", ("volume",))}  # anonymous volume: no node
    assert [e.source for e in g.in_edges("network:front")] == ["service:web", "service:api"]
    assert g.missing == (Missing("web", "gone", False),)
    assert g.edge("web", "db") is None


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
    g = build_graph(p)  # building never raises; the orders do
    assert g.cycle() == ("a", "b", "c", "a")
    with pytest.raises(CycleError) as info:
        g.start_order()
    assert info.value.cycle == ("a", "b", "c", "a")
    assert "a -> b -> c -> a" in str(info.value)


def test_start_and_stop_order(stack: Project) -> None:
    g = build_graph(stack)
    assert g.start_layers() == (("db",), ("files", "job"), ("api",), ("web",))
    assert g.start_order() == ("db", "files", "job", "api", "web")
    assert g.stop_order() == ("web", "api", "job", "files", "db")
    layers = g.layers(kinds=("service", "network", "volume"))
    assert layers[0] == ("network:back", "network:front", "network:spare", "volume:data")
    assert g.layers(kinds=("network", "volume")) == (layers[0],)
    assert build_graph(stack).cycle() is None


def test_dependencies_and_dependents(stack: Project) -> None:
    g = build_graph(stack)
    assert g.dependencies("web") == ("api", "db", "files")
    assert g.dependencies("web", transitive=False) == ("api",)
    assert g.dependents("db") == ("api", "files", "job", "web")
    assert g.dependents("db", transitive=False) == ("api", "files", "job")
    assert g.dependents("api", restart_only=True) == ("web",)
    assert g.dependents("db", restart_only=True) == ()
    assert g.closure(["api"]) == ("api", "db", "files")
    assert g.closure(["api"], reverse=True) == ("api", "web")
    with pytest.raises(KeyError):
        g.dependents("nope")


def test_select(stack: Project) -> None:
    g = build_graph(stack)
    assert g.select(["api"]) == ("db", "files", "api")
    assert g.select(["api"], with_deps=False) == ("api",)
    assert g.select([]) == g.start_order()
    with pytest.raises(KeyError):
        g.select(["nope"])
    sub = build_graph(stack.with_services(["web"], with_deps=False))
    assert set(sub.missing) == {Missing("web", "api", True), Missing("web", "gone", False)}


def test_disabled_services_are_nodes_on_request(stack: Project) -> None:
    sub = stack.with_services(["db"], with_deps=False)
    assert build_graph(sub).services == ("db",)
    assert set(build_graph(sub, include_disabled=True).services) == set(stack.services)


def test_graph_of_dependencies_from_labels() -> None:
    g = graph_of_dependencies({
        "web": [Dependency("web", "db", ("depends_on",), "service_healthy", True, True)],
        "db": [],
        "worker": [Dependency("worker", "gone", ("depends_on",))],
    })
    assert g.start_layers() == (("db", "worker"), ("web",))
    assert g.dependents("db", restart_only=True) == ("web",)
    assert g.missing == (Missing("worker", "gone", True),)


def test_unknown_edge_end_is_refused() -> None:
    from compose.graph.structure import DependencyGraph

    with pytest.raises(KeyError):
        DependencyGraph(["service:a"], [Edge("service:a", "service:b", ("depends_on",))])
